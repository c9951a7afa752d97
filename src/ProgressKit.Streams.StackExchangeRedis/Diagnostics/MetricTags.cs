namespace ProgressKit.Streams.StackExchangeRedis.Diagnostics;

/// <summary>The stable tag values of the Redis job stream store's metrics.</summary>
internal static class MetricTags
{
    // progresskit.redis.stream.dropped
    public const string QueueFull = "queue_full";
    public const string Disposed = "disposed";

    // progresskit.redis.stream.writes
    public const string Stored = "stored";
    public const string Refused = "refused";
    public const string Failed = "failed";

    // progresskit.redis.stream.evicted
    public const string JobEvents = "job_events";
    public const string JobBytes = "job_bytes";
    public const string Discontinuity = "discontinuity";

    // progresskit.redis.stream.released: jobs whose keys the job-count cap (MaxJobs) or the bytes cap (MaxTotalBytes) deleted
    public const string Capacity = "capacity";
    public const string TotalBytes = "total_bytes";

    // progresskit.redis.stream.reads
    public const string Redis = "redis";
    public const string Local = "local";
    public const string Merged = "merged";
    public const string Fallback = "fallback";

    // progresskit.redis.stream.resumes: the wire names of the outcomes (docs/wire-format.md)
    public static string Of(ResumeOutcome outcome) => outcome switch
    {
        ResumeOutcome.Gapless => "gapless",
        ResumeOutcome.NewEpoch => "new_epoch",
        _ => "truncated",
    };
}
