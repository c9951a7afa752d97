using System.Collections.ObjectModel;
using System.Text;
using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>One job's chunk streams' text so far, bounded over all its streams: past the bound a stream keeps its beginning and is marked cut.</summary>
/// <remarks>Every member is used only under the owning store's lock.</remarks>
internal sealed class StreamTexts
{
    private Dictionary<string, StreamText>? _streams;
    private int _length;

    // The stream the last chunk went to: a job streams one answer at a time, and its chunks share the stream's name
    // instance (the publisher's), so most chunks skip hashing the name.
    private string? _lastName;
    private StreamText? _last;

    public void Add(ChunkInfo chunk, int maxLength, int maxStreams)
    {
        if (!ReferenceEquals(chunk.Stream, _lastName) || _last is not { } stream)
        {
            _streams ??= new Dictionary<string, StreamText>(StringComparer.Ordinal);
            if (!_streams.TryGetValue(chunk.Stream, out stream))
            {
                if (_streams.Count >= maxStreams)
                {
                    return;
                }

                stream = new StreamText();
                _streams.Add(chunk.Stream, stream);
            }

            _lastName = chunk.Stream;
            _last = stream;
        }

        if (chunk.Index < stream.NextIndex)
        {
            return;
        }

        if (chunk.Index > stream.NextIndex)
        {
            // A chunk never reached the store: the text is whole only up to it, so keep that beginning.
            stream.Cut = true;
        }
        else if (!stream.Cut)
        {
            var room = maxLength - _length;
            var keep = chunk.Text.Length <= room ? chunk.Text.Length : SafeLength(chunk.Text, room);
            stream.Text.Append(chunk.Text, 0, keep);
            _length += keep;
            stream.Cut = keep < chunk.Text.Length;
        }

        stream.NextIndex = chunk.Index + 1;
    }

    public void Clear()
    {
        _streams?.Clear();
        _lastName = null;
        _last = null;
        _length = 0;
    }

    public IReadOnlyDictionary<string, JobStreamText> Copy()
    {
        if (_streams is not { Count: > 0 })
        {
            return ReadOnlyDictionary<string, JobStreamText>.Empty;
        }

        var copy = new Dictionary<string, JobStreamText>(_streams.Count, StringComparer.Ordinal);
        foreach (var (name, stream) in _streams)
        {
            copy.Add(name, new JobStreamText(stream.Text.ToString(), stream.NextIndex, stream.Cut));
        }

        return copy;
    }

    // Never splits a surrogate pair, as the size limiter's cut-down rule does not.
    private static int SafeLength(string text, int length) =>
        length > 0 && char.IsHighSurrogate(text[length - 1]) ? length - 1 : Math.Max(length, 0);

    private sealed class StreamText
    {
        public StringBuilder Text { get; } = new();

        public long NextIndex { get; set; }

        public bool Cut { get; set; }
    }
}
