using ProgressKit.Events;

namespace ProgressKit.Tests.Dispatch;

/// <summary>Builds bare events for the lane's single-threaded unit tests.</summary>
internal static class LaneEvents
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    public static ProgressEvent Of(string jobId, long sequence, ProgressEventType type) => new()
    {
        Type = type,
        JobId = jobId,
        Sequence = sequence,
        Timestamp = Epoch,
        Status = type.IsTerminal() ? JobStatus.Completed : JobStatus.Processing,
        Progress = 0,
    };
}
