using ProgressKit.Events;

namespace ProgressKit.Transports.ApiGateway.Tests.Streams;

/// <summary>Events with positions (epoch, seq, kept_seq) for the job stream store's tests.</summary>
internal static class StreamEvents
{
    public const string Epoch1 = "019ae3f2c4e17f3a";
    public const string Epoch2 = "019ae3f2c4e27f3a";

    public static ProgressEvent Progress(string jobId, long seq, string epoch = Epoch1, string? message = null) => new()
    {
        Type = ProgressEventType.ProgressUpdate,
        JobId = jobId,
        Epoch = epoch,
        Sequence = seq,
        KeptSequence = 0,
        Timestamp = Infrastructure.TestEvents.Epoch.AddSeconds(seq),
        Status = JobStatus.Processing,
        Progress = seq,
        Message = message,
        UserId = "alice",
    };

    public static ProgressEvent Chunk(string jobId, long seq, string stream, long index, string text, string epoch = Epoch1) => new()
    {
        Type = ProgressEventType.Chunk,
        JobId = jobId,
        Epoch = epoch,
        Sequence = seq,
        KeptSequence = seq,
        Timestamp = Infrastructure.TestEvents.Epoch.AddSeconds(seq),
        Status = JobStatus.Processing,
        Progress = 50,
        Chunk = new ChunkInfo { Stream = stream, Index = index, Text = text },
        UserId = "alice",
    };

    public static ProgressEvent Completed(string jobId, long seq, string epoch = Epoch1) => new()
    {
        Type = ProgressEventType.JobComplete,
        JobId = jobId,
        Epoch = epoch,
        Sequence = seq,
        KeptSequence = seq,
        Timestamp = Infrastructure.TestEvents.Epoch.AddSeconds(seq),
        Status = JobStatus.Completed,
        Progress = 100,
        UserId = "alice",
    };
}
