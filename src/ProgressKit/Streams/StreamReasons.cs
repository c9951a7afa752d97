namespace ProgressKit.Streams;

/// <summary>The <c>reason</c> tags of the job stream store's metrics; stable, documented in <c>docs/diagnostics.md</c>.</summary>
internal static class StreamReasons
{
    // Log evictions (progresskit.stream.evicted).
    public const string JobEvents = "job_events";
    public const string JobBytes = "job_bytes";
    public const string TotalEvents = "total_events";
    public const string TotalBytes = "total_bytes";
    public const string Discontinuity = "discontinuity";

    // Refused appends (progresskit.stream.refused).
    public const string OlderEpoch = "older_epoch";
    public const string NotAfterPosition = "not_after_position";

    // The very event the job's position is at, appended again (the snapshot view and the publisher both record it): ignored, not counted.
    public const string AlreadyHeld = "already_held";

    // Released jobs (progresskit.stream.released).
    public const string Finished = "finished";
    public const string Idle = "idle";
    public const string Capacity = "capacity";
}
