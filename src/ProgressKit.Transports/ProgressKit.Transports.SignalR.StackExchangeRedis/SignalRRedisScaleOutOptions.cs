namespace ProgressKit.Transports.SignalR.StackExchangeRedis;

/// <summary>
/// Settings of the Redis scale-out (<c>ProgressKit:SignalR:Redis</c>): the connection, the key prefix and
/// cross-process cancellation. Configured with <see cref="SignalRRedisScaleOutBuilderExtensions.AddSignalRRedisScaleOut"/>
/// and validated on start. The shared job stream store, the one store of every job, takes its bounds and lifetimes
/// from the core's <see cref="ProgressKitOptions.Streams"/> and its job-count cap from <c>RedisJobStreamStoreOptions</c>.
/// </summary>
/// <remarks>Setters never throw; invalid values fail validation at start-up with a message naming the setting.</remarks>
public sealed class SignalRRedisScaleOutOptions
{
    /// <summary>The default of <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "progresskit:";

    /// <summary>The longest <see cref="KeyPrefix"/> accepted.</summary>
    public const int MaxKeyPrefixLength = 64;

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
    /// Redis. The shared job stream store uses it too (unless configured apart): a job's keys are
    /// <c>{KeyPrefix}{streams}:job:{jobId}:meta|log|text</c>, cancel requests <c>{KeyPrefix}cancel:{jobId}</c>.
    /// </summary>
    /// <value>The default is <see cref="DefaultKeyPrefix"/> (<c>progresskit:</c>). 1 to 64 characters, without braces.</value>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

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
