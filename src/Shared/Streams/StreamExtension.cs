using System.Text;
using ProgressKit.Events;

namespace ProgressKit.Streams.Shared;

/// <summary>
/// Extends a job's state read from a shared store (Redis, DynamoDB) with this process's newer events (not written yet): the newest becomes the
/// snapshot, and their chunks are added to the streams' text by the in-memory store's rule (bounded over all streams;
/// past the bound a stream keeps its beginning and is marked cut; a missing chunk marks it cut too).
/// </summary>
/// <remarks>One source file compiled into each package with a shared store (linked from <c>src/Shared/Streams</c>).</remarks>
internal static class StreamExtension
{
    public static JobStreamState Extend(JobStreamState state, IReadOnlyList<ProgressEvent> newer, JobStreamStoreOptions bounds)
    {
        if (newer.Count == 0)
        {
            return state;
        }

        var texts = state.Streams.ToDictionary(static s => s.Key, static s => (Text: new StringBuilder(s.Value.Text), s.Value.NextIndex, s.Value.Cut), StringComparer.Ordinal);
        var length = texts.Values.Sum(static t => t.Text.Length);
        foreach (var progressEvent in newer)
        {
            if (progressEvent.Chunk is not { } chunk)
            {
                continue;
            }

            if (!texts.TryGetValue(chunk.Stream, out var stream))
            {
                if (texts.Count >= bounds.MaxStreamsPerJob)
                {
                    continue;
                }

                stream = (new StringBuilder(), 0, false);
            }

            if (chunk.Index < stream.NextIndex)
            {
                continue;
            }

            if (chunk.Index > stream.NextIndex)
            {
                stream.Cut = true;
            }
            else if (!stream.Cut)
            {
                var room = bounds.MaxStreamTextLength - length;
                var keep = chunk.Text.Length <= room ? chunk.Text.Length : SafeLength(chunk.Text, room);
                stream.Text.Append(chunk.Text, 0, keep);
                length += keep;
                stream.Cut = keep < chunk.Text.Length;
            }

            stream.NextIndex = chunk.Index + 1;
            texts[chunk.Stream] = stream;
        }

        var last = newer[^1];
        var streams = texts.ToDictionary(static t => t.Key, static t => new JobStreamText(t.Value.Text.ToString(), t.Value.NextIndex, t.Value.Cut), StringComparer.Ordinal);
        return new JobStreamState(last, new JobStreamPosition(last.Epoch ?? string.Empty, last.Sequence, last.KeptSequence ?? 0), streams);
    }

    // Never splits a surrogate pair.
    private static int SafeLength(string text, int length) =>
        length > 0 && char.IsHighSurrogate(text[length - 1]) ? length - 1 : Math.Max(length, 0);
}
