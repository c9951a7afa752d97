namespace ProgressKit.Streams;

/// <summary>
/// A chunk stream's text so far, as replies carry it: <c>{"text":...,"next_index":42,"cut":false}</c>.
/// </summary>
public sealed class JobStreamText
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="text">The stream's chunks 0 to <paramref name="nextIndex"/> - 1, in order; only their beginning when <paramref name="cut"/>.</param>
    /// <param name="nextIndex">The <c>chunk.index</c> expected next on the stream.</param>
    /// <param name="cut">Whether the store kept only the beginning of the text (its bound was reached, or a chunk was missing).</param>
    public JobStreamText(string text, long nextIndex, bool cut)
    {
        Text = text;
        NextIndex = nextIndex;
        Cut = cut;
    }

    /// <summary>Gets the stream's chunks 0 to <see cref="NextIndex"/> - 1, in order; only their beginning when <see cref="Cut"/>.</summary>
    public string Text { get; }

    /// <summary>Gets the <c>chunk.index</c> expected next on the stream.</summary>
    public long NextIndex { get; }

    /// <summary>Gets a value indicating whether the store kept only the beginning of the text (its bound was reached, or a chunk was missing).</summary>
    public bool Cut { get; }
}
