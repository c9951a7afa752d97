using ProgressKit.Dispatch;
using ProgressKit.Resilience;
using ProgressKit.State;
using ProgressKit.Streams;

namespace ProgressKit;

/// <summary>Options of the ProgressKit publisher and dispatcher; validated on start (see <see cref="ProgressKitServiceCollectionExtensions.AddProgressKit"/>).</summary>
/// <remarks>Setters never throw; invalid values fail validation at start-up (or on first resolve without a host) with a message naming the setting.</remarks>
public sealed class ProgressKitOptions
{
    /// <summary>The default of <see cref="BufferCapacity"/>.</summary>
    public const int DefaultBufferCapacity = 10_000;

    /// <summary>The default of <see cref="MaxConcurrentSendsPerTransport"/>.</summary>
    public const int DefaultMaxConcurrentSendsPerTransport = 32;

    /// <summary>The default of <see cref="MaxTrackedJobs"/>.</summary>
    public const int DefaultMaxTrackedJobs = 10_000;

    /// <summary>The default of <see cref="DrainTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="CancellationPollInterval"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultCancellationPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the name of the publishing service, written as <c>source</c> on every event and used as a metric tag.</summary>
    /// <value>The default is <see langword="null"/> (no <c>source</c> field).</value>
    public string? Source { get; set; }

    /// <summary>
    /// Gets or sets how many events each transport lane holds before it starts dropping (superseded progress first;
    /// terminal events are never dropped). Bounds memory when a transport is slow or down.
    /// </summary>
    /// <value>The default is <see cref="DefaultBufferCapacity"/> (10,000). Allowed: 16 to 10,000,000.</value>
    public int BufferCapacity { get; set; } = DefaultBufferCapacity;

    /// <summary>Gets or sets how many sends a transport lane runs at once (always at most one per job, to keep job order).</summary>
    /// <value>The default is <see cref="DefaultMaxConcurrentSendsPerTransport"/> (32). Allowed: 1 to 1,024.</value>
    public int MaxConcurrentSendsPerTransport { get; set; } = DefaultMaxConcurrentSendsPerTransport;

    /// <summary>
    /// Gets or sets the smallest interval between two <c>progress_update</c> messages of one job on one transport; a
    /// newer update waits until the interval has passed and replaces any it supersedes. State transitions, agent
    /// statuses, chunks and terminal events are never delayed. <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/> (off). Allowed: 0 to 1 minute.</value>
    public TimeSpan MinProgressInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets how long host shutdown waits for the lanes to deliver what they hold.</summary>
    /// <value>The default is <see cref="DefaultDrainTimeout"/> (5 seconds). Allowed: 0 to 5 minutes.</value>
    public TimeSpan DrainTimeout { get; set; } = DefaultDrainTimeout;

    /// <summary>
    /// Gets or sets how many jobs the publisher keeps numbering state for when they are published to by id (without a
    /// job handle); the least recently used beyond it are forgotten. It also bounds how many ended jobs the publisher
    /// remembers (to drop events published to them after their terminal event, for <see cref="JobStreamStoreOptions.FinishedJobRetention"/>).
    /// </summary>
    /// <remarks>
    /// A job's numbering state is released as soon as its terminal event is published, and, for a job without a handle,
    /// after <see cref="JobStreamStoreOptions.IdleTimeToLive"/> without an event (checked every
    /// <see cref="JobStreamStoreOptions.ExpiryScanInterval"/>), so the bound matters only for many jobs running at once.
    /// </remarks>
    /// <value>The default is <see cref="DefaultMaxTrackedJobs"/> (10,000). Allowed: 1 to 10,000,000.</value>
    public int MaxTrackedJobs { get; set; } = DefaultMaxTrackedJobs;

    /// <summary>
    /// Gets or sets how often a job handle asks the registered <see cref="Jobs.IJobCancellationRequestSource"/>s
    /// whether a client asked to cancel the job (transports whose clients cannot reach the job's process directly).
    /// </summary>
    /// <value>The default is <see cref="DefaultCancellationPollInterval"/> (2 seconds). Allowed: 50 ms to 10 minutes.</value>
    public TimeSpan CancellationPollInterval { get; set; } = DefaultCancellationPollInterval;

    /// <summary>Gets or sets a value indicating whether job handles estimate <c>estimated_seconds_remaining</c> from observed progress when the caller gives none.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EstimateRemainingTime { get; set; } = true;

    /// <summary>Gets the retry, timeout and circuit breaker settings applied to every transport.</summary>
    public TransportResilienceOptions Resilience { get; } = new();

    /// <summary>Gets the settings of the default in-memory last-known-state store.</summary>
    /// <remarks>
    /// Used only by <see cref="InMemoryJobStateStore"/> when an application registers it itself; the default
    /// snapshot store is the view of the job stream store, bounded by <see cref="Streams"/>.
    /// </remarks>
    public JobStateStoreOptions StateStore { get; } = new();

    /// <summary>Gets the bounds and lifetimes of the default in-memory job stream store (snapshots, the log of the last events, the streams' text).</summary>
    public JobStreamStoreOptions Streams { get; } = new();

    /// <summary>
    /// Gets or sets a callback that receives each event a transport finally failed to deliver (after retries, or
    /// permanently). It runs on a dispatcher thread; exceptions it throws are logged and ignored.
    /// </summary>
    /// <value>The default is <see langword="null"/> (failures are logged and counted only).</value>
    public Action<DeadLetter>? OnDeadLetter { get; set; }

    /// <summary>Gets or sets the clock; tests substitute a fake one.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
