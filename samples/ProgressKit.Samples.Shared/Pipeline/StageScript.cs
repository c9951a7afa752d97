namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>One stage of the simulated pipeline: what happens at which point of it.</summary>
/// <param name="name">The stage name.</param>
/// <param name="minTicks">The fewest progress reports in the stage; more are made for long stages.</param>
/// <param name="startMessage">The message of <c>stage_started</c>.</param>
/// <param name="completeMessage">The message of <c>stage_complete</c>.</param>
internal sealed class StageScript(string name, int minTicks, string startMessage, string completeMessage)
{
    private readonly List<(double At, Action<IProgressJob> Cue)> _cues = [];

    public string Name { get; } = name;

    public int MinTicks { get; } = minTicks;

    public string StartMessage { get; } = startMessage;

    public string CompleteMessage { get; } = completeMessage;

    /// <summary>Gets the message of each <c>progress_update</c>, from the stage fraction done.</summary>
    public Func<double, string?>? ProgressMessage { get; init; }

    /// <summary>Gets the cues in the order they fire (by fraction, then by the order they were added).</summary>
    public IReadOnlyList<(double At, Action<IProgressJob> Cue)> Cues => [.. _cues.OrderBy(c => c.At)];

    /// <summary>Adds something that happens once <paramref name="fraction"/> of the stage has passed.</summary>
    /// <param name="fraction">From 0 (at the stage's start) to 1 (at its end).</param>
    /// <param name="cue">What happens.</param>
    /// <returns>This script.</returns>
    public StageScript At(double fraction, Action<IProgressJob> cue)
    {
        _cues.Add((Math.Clamp(fraction, 0, 1), cue));
        return this;
    }
}
