namespace ProgressKit.Streams;

/// <summary>
/// A chunk stream's text so far, as replies carry it: <c>{"text":...,"next_index":42,"cut":false}</c>.
/// </summary>
/// <param name="Text">The stream's chunks 0 to <paramref name="NextIndex"/> - 1, in order; only their beginning when <paramref name="Cut"/>.</param>
/// <param name="NextIndex">The <c>chunk.index</c> expected next on the stream.</param>
/// <param name="Cut">Whether the store kept only the beginning of the text (its bound was reached, or a chunk was missing).</param>
public sealed record JobStreamText(string Text, long NextIndex, bool Cut);
