using System.Collections.ObjectModel;
using System.Text;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>
/// A job's chunk streams' text as its item keeps it, by the in-memory store's rule (bounded over all streams; past the
/// bound a stream keeps its beginning and is marked cut; a missing chunk marks it cut too), with a second bound in
/// UTF-8 bytes so the item stays within DynamoDB's limit.
/// </summary>
/// <remarks>Not thread-safe: owned by the writer task that handles the job, or by one read.</remarks>
internal sealed class ItemTexts
{
    private readonly Dictionary<string, Entry> _streams = new(StringComparer.Ordinal);
    private int _length;
    private int _bytes;

    public int Count => _streams.Count;

    /// <summary>Gets the UTF-8 bytes the texts and stream names take in the item.</summary>
    public int Bytes => _bytes + _streams.Keys.Sum(static k => Encoding.UTF8.GetByteCount(k) + 32);

    public IEnumerable<(string Name, string Text, long NextIndex, bool Cut)> Streams =>
        _streams.Select(static s => (s.Key, s.Value.Text.ToString(), s.Value.NextIndex, s.Value.Cut));

    public void Load(string name, string text, long nextIndex, bool cut)
    {
        _streams[name] = new Entry(new StringBuilder(text), nextIndex, cut);
        _length += text.Length;
        _bytes += Encoding.UTF8.GetByteCount(text);
    }

    public void Clear()
    {
        _streams.Clear();
        _length = 0;
        _bytes = 0;
    }

    public void Add(ChunkInfo chunk, JobStreamStoreOptions bounds)
    {
        if (!_streams.TryGetValue(chunk.Stream, out var stream))
        {
            if (_streams.Count >= bounds.MaxStreamsPerJob)
            {
                return;
            }

            stream = new Entry(new StringBuilder(), 0, false);
            _streams.Add(chunk.Stream, stream);
        }

        if (chunk.Index < stream.NextIndex)
        {
            return;
        }

        if (chunk.Index > stream.NextIndex)
        {
            // A chunk never reached the item: the text is whole only up to it, so keep that beginning.
            stream.Cut = true;
        }
        else if (!stream.Cut)
        {
            var (keep, bytes) = Fit(chunk.Text, bounds.MaxStreamTextLength - _length, DynamoDbJobStreamStoreOptions.MaxItemTextBytes - _bytes);
            stream.Text.Append(chunk.Text, 0, keep);
            _length += keep;
            _bytes += bytes;
            stream.Cut = keep < chunk.Text.Length;
        }

        stream.NextIndex = chunk.Index + 1;
    }

    public IReadOnlyDictionary<string, JobStreamText> ToStreams()
    {
        if (_streams.Count == 0)
        {
            return ReadOnlyDictionary<string, JobStreamText>.Empty;
        }

        return _streams.ToDictionary(static s => s.Key, static s => new JobStreamText(s.Value.Text.ToString(), s.Value.NextIndex, s.Value.Cut), StringComparer.Ordinal);
    }

    // The longest beginning of the text within both rooms, never splitting a surrogate pair.
    private static (int Chars, int Bytes) Fit(string text, int charRoom, int byteRoom)
    {
        var chars = 0;
        var bytes = 0;
        while (chars < text.Length)
        {
            var width = char.IsHighSurrogate(text[chars]) && chars + 1 < text.Length ? 2 : 1;
            var size = width == 2 ? 4 : text[chars] < 0x80 ? 1 : text[chars] < 0x800 ? 2 : 3;
            if (chars + width > charRoom || bytes + size > byteRoom)
            {
                break;
            }

            chars += width;
            bytes += size;
        }

        return (chars, bytes);
    }

    private sealed class Entry(StringBuilder text, long nextIndex, bool cut)
    {
        public StringBuilder Text { get; } = text;

        public long NextIndex { get; set; } = nextIndex;

        public bool Cut { get; set; } = cut;
    }
}
