namespace ProgressKit.State;

/// <summary>Settings of the default in-memory last-known-state store.</summary>
public sealed class JobStateStoreOptions
{
    /// <summary>The default of <see cref="MaxJobs"/>.</summary>
    public const int DefaultMaxJobs = 10_000;

    /// <summary>The default of <see cref="TimeToLive"/>: 2 hours (the lifetime of an API Gateway WebSocket connection).</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromHours(2);

    /// <summary>Gets or sets how many jobs' snapshots are kept; the oldest beyond it are evicted.</summary>
    /// <value>The default is 10,000. Allowed: 1 to 10,000,000.</value>
    public int MaxJobs { get; set; } = DefaultMaxJobs;

    /// <summary>Gets or sets how long after its newest event a job's snapshot is kept; expired snapshots are released on a timer every <see cref="Streams.JobStreamStoreOptions.ExpiryScanInterval"/>.</summary>
    /// <value>The default is 2 hours. Allowed: 1 second to 30 days.</value>
    public TimeSpan TimeToLive { get; set; } = DefaultTimeToLive;
}
