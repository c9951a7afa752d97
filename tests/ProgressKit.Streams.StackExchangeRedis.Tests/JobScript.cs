using ProgressKit.Events;

namespace ProgressKit.Streams.StackExchangeRedis.Tests;

/// <summary>Publishes one job's events with positions the way the publisher numbers them (seq, kept_seq, chunk indexes).</summary>
internal sealed class JobScript(string jobId, string epoch = JobScript.Epoch)
{
    public const string Epoch = "019ae3f2c4e17f3a";
    public const string LaterEpoch = "019ae3f2c4e27f3a";

    private readonly Dictionary<string, long> _chunkIndexes = new(StringComparer.Ordinal);

    public string JobId => jobId;

    public long Sequence { get; private set; }

    public long Kept { get; private set; }

    public ProgressEvent Next(ProgressEventType type = ProgressEventType.StageStarted, string? text = null, string stream = "output")
    {
        Sequence++;
        if (type != ProgressEventType.ProgressUpdate)
        {
            Kept++;
        }

        ChunkInfo? chunk = null;
        if (type == ProgressEventType.Chunk)
        {
            var index = _chunkIndexes.GetValueOrDefault(stream);
            _chunkIndexes[stream] = index + 1;
            chunk = new ChunkInfo { Stream = stream, Index = index, Text = text ?? string.Empty };
        }

        return new ProgressEvent
        {
            Type = type, JobId = jobId, Epoch = epoch, Sequence = Sequence, KeptSequence = Kept, Timestamp = DateTimeOffset.UnixEpoch,
            Status = type.IsTerminal() ? JobStatus.Completed : JobStatus.Processing, Progress = type == ProgressEventType.JobComplete ? 100 : 1,
            Stage = "s", Chunk = chunk, Message = type == ProgressEventType.StageStarted ? text : null,
        };
    }

    public ProgressEvent Chunk(string text, string stream = "output") => Next(ProgressEventType.Chunk, text, stream);

    public ProgressEvent Progress() => Next(ProgressEventType.ProgressUpdate);

    public ProgressEvent Complete() => Next(ProgressEventType.JobComplete);

    public static JobStreamCursor Cursor(long afterSequence, string? epoch = Epoch)
    {
        JobStreamCursor.TryCreate(afterSequence, epoch, out var cursor).Should().BeTrue();
        return cursor;
    }
}
