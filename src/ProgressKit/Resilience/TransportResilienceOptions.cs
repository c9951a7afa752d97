namespace ProgressKit.Resilience;

/// <summary>
/// The retry, per-attempt timeout and circuit breaker applied to each transport's sends (a Polly v8 pipeline).
/// </summary>
/// <remarks>Only transient failures are retried; see <see cref="Transports.TransportFailureKind"/>.</remarks>
public sealed class TransportResilienceOptions
{
    /// <summary>The default of <see cref="AttemptTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default of <see cref="MaxRetryAttempts"/>.</summary>
    public const int DefaultMaxRetryAttempts = 4;

    /// <summary>The default of <see cref="RetryBaseDelay"/>: 200 milliseconds.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The default of <see cref="RetryMaxDelay"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>The default of <see cref="CircuitFailureRatio"/>.</summary>
    public const double DefaultCircuitFailureRatio = 0.5;

    /// <summary>The default of <see cref="CircuitMinimumThroughput"/>.</summary>
    public const int DefaultCircuitMinimumThroughput = 20;

    /// <summary>The default of <see cref="CircuitSamplingDuration"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultCircuitSamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>The default of <see cref="CircuitBreakDuration"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultCircuitBreakDuration = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the longest one send attempt may take; after it the attempt's token is cancelled and the attempt counts as a transient failure.</summary>
    /// <remarks>
    /// A transport that ignores the cancellation keeps running its attempt: the lane stops waiting for it (other jobs'
    /// events go on), but that job's next event does not start until the abandoned attempt really ends, so it can never
    /// overtake it (logged once per event, id 1015). A transport that hangs for good therefore holds its job, and only
    /// that job, until it returns. The job's own code is never blocked.
    /// </remarks>
    /// <value>The default is 10 seconds. Allowed: 10 ms to 5 minutes.</value>
    public TimeSpan AttemptTimeout { get; set; } = DefaultAttemptTimeout;

    /// <summary>Gets or sets how many times a transient failure is retried (0 turns retries off).</summary>
    /// <value>The default is <see cref="DefaultMaxRetryAttempts"/> (4). Allowed: 0 to 20.</value>
    public int MaxRetryAttempts { get; set; } = DefaultMaxRetryAttempts;

    /// <summary>Gets or sets the first retry's delay; later ones grow exponentially, with jitter.</summary>
    /// <value>The default is 200 milliseconds. Allowed: 0 to 1 minute.</value>
    public TimeSpan RetryBaseDelay { get; set; } = DefaultRetryBaseDelay;

    /// <summary>Gets or sets the longest delay between two retries.</summary>
    /// <value>The default is 10 seconds. Allowed: at least <see cref="RetryBaseDelay"/>, at most 5 minutes.</value>
    public TimeSpan RetryMaxDelay { get; set; } = DefaultRetryMaxDelay;

    /// <summary>Gets or sets the share of failed attempts, within <see cref="CircuitSamplingDuration"/>, that opens the circuit.</summary>
    /// <value>The default is 0.5. Allowed: more than 0, at most 1.</value>
    public double CircuitFailureRatio { get; set; } = DefaultCircuitFailureRatio;

    /// <summary>Gets or sets how many attempts the sampling window needs before the circuit may open.</summary>
    /// <value>The default is 20. Allowed: 2 to 100,000.</value>
    public int CircuitMinimumThroughput { get; set; } = DefaultCircuitMinimumThroughput;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>The default is 30 seconds. Allowed: 500 ms to 1 hour.</value>
    public TimeSpan CircuitSamplingDuration { get; set; } = DefaultCircuitSamplingDuration;

    /// <summary>Gets or sets how long an open circuit stays open before one trial send; events wait in the buffer meanwhile.</summary>
    /// <value>The default is 15 seconds. Allowed: 500 ms to 1 hour.</value>
    public TimeSpan CircuitBreakDuration { get; set; } = DefaultCircuitBreakDuration;
}
