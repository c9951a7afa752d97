namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>
/// How the DynamoDB job stream store writes each job's stream into its item of the jobs table (section
/// <c>ProgressKit:ApiGateway:StreamStore</c>). The stream's bounds and lifetimes are the core's,
/// <see cref="ProgressKitOptions.Streams"/>; the item is additionally capped at <see cref="MaxItemBytes"/>.
/// </summary>
/// <remarks>Setters never throw; the options are validated on start, every failure naming the setting.</remarks>
public sealed class DynamoDbJobStreamStoreOptions
{
    /// <summary>
    /// The most bytes the store lets a job's stream (snapshot, log and streams' text) take in its item: 300 KB, well
    /// below DynamoDB's 400 KB item limit, leaving room for the registry's attributes. Past it the oldest log events are
    /// evicted first.
    /// </summary>
    public const int MaxItemBytes = 300 * 1024;

    /// <summary>The most UTF-8 bytes of chunk text the item keeps over all of a job's streams: 64 KB; past it a stream keeps its beginning and is marked cut.</summary>
    public const int MaxItemTextBytes = 64 * 1024;

    /// <summary>The default of <see cref="WriteQueueCapacity"/>: 10,000 events.</summary>
    public const int DefaultWriteQueueCapacity = 10_000;

    /// <summary>The default of <see cref="MaxWriteAttempts"/>: 3.</summary>
    public const int DefaultMaxWriteAttempts = 3;

    /// <summary>The default of <see cref="RetryDelay"/>: 200 milliseconds.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The default of <see cref="OperationTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how many events may wait for the background writer; past it an event is not written to DynamoDB
    /// (counted and logged, a terminal event each time) and the job's log in the item starts afresh after the gap.
    /// </summary>
    /// <value>The default is <see cref="DefaultWriteQueueCapacity"/> (10,000). Allowed: 1 to 1,000,000.</value>
    public int WriteQueueCapacity { get; set; } = DefaultWriteQueueCapacity;

    /// <summary>
    /// Gets or sets how many times the writer tries one job's write when DynamoDB fails it (throttling, an outage, a
    /// timeout); past it the events are not written (counted as failed, logged) and the transport's send of them fails
    /// as transient. A write that lost a race with another process is read again and redone without counting.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxWriteAttempts"/> (3). Allowed: 1 to 20.</value>
    public int MaxWriteAttempts { get; set; } = DefaultMaxWriteAttempts;

    /// <summary>Gets or sets how long the writer waits before it tries a failed write again.</summary>
    /// <value>The default is <see cref="DefaultRetryDelay"/> (200 milliseconds). Allowed: 1 millisecond to 1 minute.</value>
    public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay;

    /// <summary>
    /// Gets or sets the bound of every DynamoDB call of the store, and of the transport's wait for an event's write
    /// before it looks up subscribers (past it the send fails as transient and the dispatcher retries it).
    /// </summary>
    /// <value>The default is <see cref="DefaultOperationTimeout"/> (5 seconds). Allowed: 100 milliseconds to 2 minutes.</value>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;
}
