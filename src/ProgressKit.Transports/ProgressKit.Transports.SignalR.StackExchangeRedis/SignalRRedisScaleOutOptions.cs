namespace ProgressKit.Transports.SignalR.StackExchangeRedis;

/// <summary>
/// Settings of the Redis scale-out (<c>ProgressKit:SignalR:Redis</c>): the connection, the shared snapshot store and
/// cross-process cancellation. Configured with <see cref="SignalRRedisScaleOutBuilderExtensions.AddSignalRRedisScaleOut"/>
/// and validated on start.
/// </summary>
/// <remarks>Setters never throw; invalid values fail validation at start-up with a message naming the setting.</remarks>
public sealed class SignalRRedisScaleOutOptions
{
    /// <summary>The default of <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "progresskit:";

    /// <summary>The longest <see cref="KeyPrefix"/> accepted.</summary>
    public const int MaxKeyPrefixLength = 64;

    /// <summary>The default of <see cref="MaxSnapshots"/>.</summary>
    public const int DefaultMaxSnapshots = 100_000;

    /// <summary>The default of <see cref="MaxLocalJobs"/>.</summary>
    public const int DefaultMaxLocalJobs = 10_000;

    /// <summary>The default of <see cref="SnapshotTimeToLive"/>: 2 hours, as the core's in-memory store.</summary>
    public static readonly TimeSpan DefaultSnapshotTimeToLive = TimeSpan.FromHours(2);

    /// <summary>The default of <see cref="OperationTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="ConnectTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="CancellationRequestTimeToLive"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultCancellationRequestTimeToLive = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c> or
    /// <c>redis1:6379,redis2:6379,password=...,ssl=true,channelPrefix=myapp</c>. Used for the SignalR backplane and for
    /// ProgressKit's own keys and channels. Never logged.
    /// </summary>
    /// <value>The default is <see langword="null"/>; it must be set.</value>
    public string? Configuration { get; set; }

    /// <summary>
    /// Gets or sets the prefix of ProgressKit's Redis keys and channels, so that several applications can share one
    /// Redis. Snapshot keys are <c>{KeyPrefix}{snapshots}:job:{jobId}</c> (the <c>{snapshots}</c> hash tag keeps them
    /// and their index in one cluster slot).
    /// </summary>
    /// <value>The default is <see cref="DefaultKeyPrefix"/> (<c>progresskit:</c>). 1 to 64 characters, without braces.</value>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Gets or sets how long after its newest event a job's snapshot stays in Redis.</summary>
    /// <value>The default is <see cref="DefaultSnapshotTimeToLive"/> (2 hours). Allowed: 1 second to 30 days.</value>
    public TimeSpan SnapshotTimeToLive { get; set; } = DefaultSnapshotTimeToLive;

    /// <summary>
    /// Gets or sets how many jobs' snapshots Redis keeps at most: past it, the snapshots of the jobs that published
    /// least recently are deleted. Together with <see cref="SnapshotTimeToLive"/> this bounds the store's memory.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxSnapshots"/> (100,000). Allowed: 1 to 10,000,000.</value>
    public int MaxSnapshots { get; set; } = DefaultMaxSnapshots;

    /// <summary>
    /// Gets or sets how many jobs each process remembers the newest event of (to write it to Redis in the background,
    /// to write it again after Redis restarts, and to answer from memory while Redis is away). Past it, jobs already
    /// stored are forgotten first; a job whose snapshot is still unwritten is forgotten only as a last resort, counted
    /// as a dropped snapshot.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxLocalJobs"/> (10,000). Allowed: 1 to 10,000,000.</value>
    public int MaxLocalJobs { get; set; } = DefaultMaxLocalJobs;

    /// <summary>
    /// Gets or sets how long one Redis command may take, including waiting for a connection while Redis is away
    /// (StackExchange.Redis <c>asyncTimeout</c> and <c>syncTimeout</c>). Bounds every hub call and every send attempt
    /// that touches Redis.
    /// </summary>
    /// <value>The default is <see cref="DefaultOperationTimeout"/> (5 seconds). Allowed: 100 ms to 5 minutes.</value>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;

    /// <summary>Gets or sets how long one connection attempt may take (StackExchange.Redis <c>connectTimeout</c>).</summary>
    /// <value>The default is <see cref="DefaultConnectTimeout"/> (5 seconds). Allowed: 100 ms to 5 minutes.</value>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>
    /// Gets or sets how long a cancel request is kept in Redis for the job's worker to find by polling, in case it
    /// missed the pub/sub message (for example while its connection to Redis was down).
    /// </summary>
    /// <value>The default is <see cref="DefaultCancellationRequestTimeToLive"/> (10 minutes). Allowed: 1 second to 1 day.</value>
    public TimeSpan CancellationRequestTimeToLive { get; set; } = DefaultCancellationRequestTimeToLive;
}
