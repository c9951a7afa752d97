namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>The question the simulated pipeline answers, and its answer cut into chunks as a model would stream it.</summary>
internal static class SimulatedAnswer
{
    public const string Question = "Which delivery routes in Seattle slowed down last week, and when?";

    public const string Text =
        "Three delivery routes slowed down last week. The geo agent traced them to the I-5 corridor, the West " +
        "Seattle Bridge detour and South Lake Union. The temporal agent found that the delays clustered on Tuesday " +
        "and Thursday between 4 and 6 pm, about 35% above the monthly average. Moving the afternoon pickups 45 " +
        "minutes earlier avoids most of them.";

    private const int WordsPerChunk = 3;

    /// <summary>Gets the answer in chunks of a few words; concatenated in order they give <see cref="Text"/> exactly.</summary>
    public static IReadOnlyList<string> Chunks { get; } = Split(Text);

    private static string[] Split(string text)
    {
        var words = text.Split(' ');
        var chunks = new string[(words.Length + WordsPerChunk - 1) / WordsPerChunk];
        for (var i = 0; i < chunks.Length; i++)
        {
            var piece = string.Join(' ', words.Skip(i * WordsPerChunk).Take(WordsPerChunk));
            chunks[i] = i < chunks.Length - 1 ? piece + " " : piece;
        }

        return chunks;
    }
}
