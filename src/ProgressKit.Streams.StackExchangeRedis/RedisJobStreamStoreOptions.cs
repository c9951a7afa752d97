namespace ProgressKit.Streams.StackExchangeRedis;

/// <summary>
/// Where and how the Redis job stream store keeps the shared log (section <c>ProgressKit:Streams:Redis</c>). The log's
/// bounds and lifetimes are the in-memory store's, <see cref="ProgressKitOptions.Streams"/>; both apply to Redis too,
/// and <see cref="MaxJobs"/> caps how many jobs Redis holds.
/// </summary>
/// <remarks>Setters never throw; the options are validated on start, every failure naming the setting.</remarks>
public sealed class RedisJobStreamStoreOptions
{
    /// <summary>The default of <see cref="KeyPrefix"/>: <c>progresskit:</c>, the prefix the SignalR scale-out uses.</summary>
    public const string DefaultKeyPrefix = "progresskit:";

    /// <summary>The longest <see cref="KeyPrefix"/>: 64 characters.</summary>
    public const int MaxKeyPrefixLength = 64;

    /// <summary>The default of <see cref="WriteQueueCapacity"/>: 100,000 events.</summary>
    public const int DefaultWriteQueueCapacity = 100_000;

    /// <summary>The default of <see cref="MaxJobs"/>: 100,000 jobs.</summary>
    public const int DefaultMaxJobs = 100_000;

    /// <summary>The default of <see cref="MaxTotalBytes"/>: 1 GiB.</summary>
    public const long DefaultMaxTotalBytes = 1L << 30;

    /// <summary>The default of <see cref="OperationTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="ConnectTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="RetryDelay"/>: 1 second.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the StackExchange.Redis configuration string, for example <c>redis:6379</c>. Required; never logged.</summary>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets the prefix of every key the store writes.</summary>
    /// <value>The default is <see cref="DefaultKeyPrefix"/> (<c>progresskit:</c>). Allowed: 1 to 64 characters, no braces.</value>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Gets or sets how many events may wait for the background writer; past it an event is not written to Redis (counted and logged) and the job's shared log starts afresh after the gap.</summary>
    /// <value>The default is <see cref="DefaultWriteQueueCapacity"/> (100,000). Allowed: 1 to 10,000,000.</value>
    public int WriteQueueCapacity { get; set; } = DefaultWriteQueueCapacity;

    /// <summary>
    /// Gets or sets how many jobs Redis holds at most, over every process that shares it (each job is already bounded
    /// by <see cref="ProgressKitOptions.Streams"/>, this bounds their number). Past it, the jobs whose keys would
    /// expire soonest (with equal lifetimes, the least recently published) are deleted from Redis, counted by
    /// <c>progresskit.redis.stream.released</c>; a process that still holds such a job answers from its own copy, and
    /// the job's next event starts its shared log afresh.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxJobs"/> (100,000). Allowed: 1 to 10,000,000.</value>
    public int MaxJobs { get; set; } = DefaultMaxJobs;

    /// <summary>
    /// Gets or sets how many bytes the jobs' logs, newest events and texts hold in Redis at most, over every process
    /// that shares it (a job's bytes: its log's and newest event's JSON, plus its text's UTF-16 units). Past it, the
    /// jobs whose keys would expire soonest are deleted from Redis, as past <see cref="MaxJobs"/> (never the job just
    /// written), counted by <c>progresskit.redis.stream.released</c> with reason <c>total_bytes</c>. Keys Redis itself
    /// evicts (a <c>maxmemory</c> policy) leave their bytes counted until their lifetime ends.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxTotalBytes"/> (1 GiB). Allowed: 1 MiB to 1 TiB.</value>
    public long MaxTotalBytes { get; set; } = DefaultMaxTotalBytes;

    /// <summary>Gets or sets the bound of every Redis command, including waiting for a connection.</summary>
    /// <value>The default is <see cref="DefaultOperationTimeout"/> (5 seconds). Allowed: 100 milliseconds to 5 minutes.</value>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;

    /// <summary>Gets or sets the bound of one connection attempt.</summary>
    /// <value>The default is <see cref="DefaultConnectTimeout"/> (5 seconds). Allowed: 100 milliseconds to 5 minutes.</value>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>Gets or sets how long the background writer waits before it writes again after Redis failed a write.</summary>
    /// <value>The default is <see cref="DefaultRetryDelay"/> (1 second). Allowed: 10 milliseconds to 5 minutes.</value>
    public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay;
}
