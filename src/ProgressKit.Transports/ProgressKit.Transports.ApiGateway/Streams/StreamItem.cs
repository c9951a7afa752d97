using System.Text;
using Amazon.DynamoDBv2.Model;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Registry;
using static ProgressKit.Transports.ApiGateway.Registry.AttributeValues;

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>
/// A job's stream as its item of the jobs table holds it: the position, the snapshot, the log of the events before the
/// snapshot (contiguous, oldest first) and the streams' text. The writer applies events to it and writes it back
/// conditionally on the position it read (<see cref="StoredEpoch"/>, <see cref="StoredSequence"/>).
/// </summary>
/// <remarks>Not thread-safe: owned by the writer task that handles the job, or by one read.</remarks>
internal sealed partial class StreamItem
{
    // The UTF-8 bytes each event of the log takes in the item, parallel to _log.
    private readonly List<string> _log = [];
    private readonly List<int> _logBytes = [];
    private int _logTotal;

    private StreamItem()
    {
    }

    /// <summary>Gets the position the item had when read (what a conditional write expects); null epoch for an item written before the store.</summary>
    public string? StoredEpoch { get; private set; }

    /// <summary>Gets the <c>seq</c> the item had when read, or null when it held no event.</summary>
    public long? StoredSequence { get; private set; }

    /// <summary>Gets a value indicating whether the item holds a live stream (an event, and not past its <c>expires_at</c>).</summary>
    public bool HasStream => Snapshot is not null;

    public string Epoch { get; private set; } = string.Empty;

    public long Sequence { get; private set; }

    public long KeptSequence { get; private set; }

    /// <summary>Gets the snapshot's JSON, as clients received it.</summary>
    public string? Snapshot { get; private set; }

    public ItemTexts Texts { get; } = new();

    public int LogCount => _log.Count;

    public JobStreamPosition Position => new(Epoch, Sequence, KeptSequence);

    /// <summary>The oldest sequence a replay can start from.</summary>
    public long FirstReplayable => Sequence - _log.Count;

    /// <summary>Gets the bytes the stream takes in the item (estimate from above: values plus attribute names).</summary>
    public int Bytes => _logTotal + (_log.Count * 3) + Encoding.UTF8.GetByteCount(Snapshot ?? string.Empty) + Texts.Bytes + 128;

    public static StreamItem Empty() => new();

    /// <summary>Reads the stream attributes of an item; an expired item is read as holding no stream (the write still expects its stored position).</summary>
    public static StreamItem Parse(Dictionary<string, AttributeValue>? item, long nowEpochSeconds)
    {
        var stream = new StreamItem();
        if (item is not { Count: > 0 } || GetLong(item, DynamoDbSchema.Sequence) is not { } sequence)
        {
            return stream;
        }

        stream.StoredSequence = sequence;
        stream.StoredEpoch = GetString(item, DynamoDbSchema.Epoch);
        if (!IsLive(item, nowEpochSeconds) || GetString(item, DynamoDbSchema.Snapshot) is not { } snapshot)
        {
            return stream;
        }

        stream.Epoch = stream.StoredEpoch ?? string.Empty;
        stream.Sequence = sequence;
        stream.KeptSequence = GetLong(item, DynamoDbSchema.KeptSequence) ?? 0;
        stream.Snapshot = snapshot;
        if (item.TryGetValue(DynamoDbSchema.Log, out var log) && log.L is { } entries)
        {
            foreach (var entry in entries)
            {
                stream.AddLog(entry.S ?? string.Empty);
            }
        }

        if (item.TryGetValue(DynamoDbSchema.Streams, out var streams) && streams.M is { } map)
        {
            foreach (var (name, value) in map)
            {
                var fields = value.M ?? [];
                stream.Texts.Load(name, GetString(fields, DynamoDbSchema.StreamText) ?? string.Empty, GetLong(fields, DynamoDbSchema.StreamNextIndex) ?? 0, GetBool(fields, DynamoDbSchema.StreamCut));
            }
        }

        return stream;
    }

    /// <summary>The job's state: the snapshot, its position and the streams' text.</summary>
    public JobStreamState ToState() => new(ProgressEventSerializer.Deserialize(Snapshot!), Position, Texts.ToStreams());

    /// <summary>The newest <paramref name="count"/> events (the log's tail, then the snapshot), oldest first.</summary>
    public ProgressEvent[] Last(int count)
    {
        var events = new ProgressEvent[count];
        for (var i = 0; i < count; i++)
        {
            var fromEnd = count - 1 - i;
            events[i] = ProgressEventSerializer.Deserialize(fromEnd == 0 ? Snapshot! : _log[_log.Count - fromEnd]);
        }

        return events;
    }

    private void AddLog(string json)
    {
        var bytes = Encoding.UTF8.GetByteCount(json);
        _log.Add(json);
        _logBytes.Add(bytes);
        _logTotal += bytes;
    }

    private int RemoveOldest(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _logTotal -= _logBytes[i];
        }

        _log.RemoveRange(0, count);
        _logBytes.RemoveRange(0, count);
        return count;
    }
}
