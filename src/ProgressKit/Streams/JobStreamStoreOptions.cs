using ProgressKit.State;

namespace ProgressKit.Streams;

/// <summary>Bounds and lifetimes of the default in-memory job stream store; validated on start, every failure naming the setting.</summary>
/// <remarks>Setters never throw. At the defaults the store holds at most about <see cref="DefaultMaxTotalBytes"/> of events plus
/// <see cref="DefaultMaxStreamTextLength"/> characters of text for each of <see cref="DefaultMaxJobs"/> jobs.</remarks>
public sealed class JobStreamStoreOptions
{
    /// <summary>The default of <see cref="MaxJobs"/>: 10,000, as many jobs as the snapshot store kept.</summary>
    public const int DefaultMaxJobs = JobStateStoreOptions.DefaultMaxJobs;

    /// <summary>The default of <see cref="MaxEventsPerJob"/>.</summary>
    public const int DefaultMaxEventsPerJob = 1_000;

    /// <summary>The default of <see cref="MaxBytesPerJob"/>: 1 MiB.</summary>
    public const long DefaultMaxBytesPerJob = 1L << 20;

    /// <summary>The default of <see cref="MaxTotalEvents"/>.</summary>
    public const int DefaultMaxTotalEvents = 200_000;

    /// <summary>The default of <see cref="MaxTotalBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxTotalBytes = 64L << 20;

    /// <summary>The default of <see cref="MaxStreamTextLength"/>: 65,536 characters.</summary>
    public const int DefaultMaxStreamTextLength = 65_536;

    /// <summary>The default of <see cref="MaxStreamsPerJob"/>.</summary>
    public const int DefaultMaxStreamsPerJob = 16;

    /// <summary>The default of <see cref="MaxReplayEvents"/>.</summary>
    public const int DefaultMaxReplayEvents = 1_000;

    /// <summary>The default of <see cref="FinishedJobRetention"/>: 2 hours, the snapshot lifetime (<see cref="JobStateStoreOptions.DefaultTimeToLive"/>).</summary>
    public static readonly TimeSpan DefaultFinishedJobRetention = JobStateStoreOptions.DefaultTimeToLive;

    /// <summary>The default of <see cref="IdleTimeToLive"/>: 2 hours, the snapshot lifetime (<see cref="JobStateStoreOptions.DefaultTimeToLive"/>).</summary>
    public static readonly TimeSpan DefaultIdleTimeToLive = JobStateStoreOptions.DefaultTimeToLive;

    /// <summary>The default of <see cref="ContinueFromSharedStore"/>: <see langword="true"/>.</summary>
    public const bool DefaultContinueFromSharedStore = true;

    /// <summary>The default of <see cref="ExpiryScanInterval"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultExpiryScanInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets a value indicating whether the publisher reads a shared job stream store (Redis, DynamoDB) for a job
    /// this process does not track and publishes without a hand-off cursor, to continue the job's epoch and numbering
    /// from the position the store knows.
    /// </summary>
    /// <value>The default is <see cref="DefaultContinueFromSharedStore"/> (<see langword="true"/>).</value>
    /// <remarks>
    /// The read happens once per job new to the process, in the background: the publish calls return at once and the
    /// job's events wait for the answer, in order (while the store is unreachable, until its read fails: the store's
    /// operation timeout). Turn it off when every job is published by one process, or continued only with
    /// <c>StartJob(..., continueFrom: cursor)</c>: such a job then starts a new epoch without a read. The in-memory
    /// store is never read this way, and this process's own copy of a shared store is always used.
    /// </remarks>
    public bool ContinueFromSharedStore { get; set; } = DefaultContinueFromSharedStore;

    /// <summary>Gets or sets how many jobs the store holds; beyond it the longest finished, then the least recently published, is released.</summary>
    /// <value>The default is <see cref="DefaultMaxJobs"/> (10,000). Allowed: 1 to 10,000,000.</value>
    public int MaxJobs { get; set; } = DefaultMaxJobs;

    /// <summary>Gets or sets how many events of one job the log keeps; the oldest beyond it are evicted.</summary>
    /// <value>The default is <see cref="DefaultMaxEventsPerJob"/> (1,000). Allowed: 1 to 1,000,000.</value>
    public int MaxEventsPerJob { get; set; } = DefaultMaxEventsPerJob;

    /// <summary>Gets or sets how many bytes (estimated in memory) of one job's events the log keeps; the oldest beyond it are evicted.</summary>
    /// <value>The default is <see cref="DefaultMaxBytesPerJob"/> (1 MiB). Allowed: 1 KiB to 1 GiB.</value>
    public long MaxBytesPerJob { get; set; } = DefaultMaxBytesPerJob;

    /// <summary>Gets or sets how many events the log keeps over all jobs; the oldest beyond it are evicted, whatever their job.</summary>
    /// <value>The default is <see cref="DefaultMaxTotalEvents"/> (200,000). Allowed: 1 to 100,000,000.</value>
    public int MaxTotalEvents { get; set; } = DefaultMaxTotalEvents;

    /// <summary>Gets or sets how many bytes (estimated in memory) of events the log keeps over all jobs; the oldest beyond it are evicted, whatever their job.</summary>
    /// <value>The default is <see cref="DefaultMaxTotalBytes"/> (64 MiB). Allowed: 1 KiB to 64 GiB.</value>
    public long MaxTotalBytes { get; set; } = DefaultMaxTotalBytes;

    /// <summary>Gets or sets how many characters of chunk text one job keeps, over all its streams; past it a stream keeps its beginning and is marked cut.</summary>
    /// <value>The default is <see cref="DefaultMaxStreamTextLength"/> (65,536). Allowed: 0 to 100,000,000.</value>
    public int MaxStreamTextLength { get; set; } = DefaultMaxStreamTextLength;

    /// <summary>Gets or sets how many chunk streams of one job have their text kept; the text of further streams is not kept.</summary>
    /// <value>The default is <see cref="DefaultMaxStreamsPerJob"/> (16). Allowed: 0 to 10,000.</value>
    public int MaxStreamsPerJob { get; set; } = DefaultMaxStreamsPerJob;

    /// <summary>Gets or sets how many events one resume replays at most; a resume further behind is answered <see cref="ResumeOutcome.Truncated"/>.</summary>
    /// <value>The default is <see cref="DefaultMaxReplayEvents"/> (1,000). Allowed: 0 to 1,000,000.</value>
    public int MaxReplayEvents { get; set; } = DefaultMaxReplayEvents;

    /// <summary>
    /// Gets or sets how long after its terminal event a job's stream is kept before it is released. The publisher
    /// remembers that the job ended for as long (at most <see cref="ProgressKitOptions.MaxTrackedJobs"/> jobs), dropping
    /// events published to it (<c>after_terminal</c>) unless <see cref="IProgressPublisher.RestartJob"/> starts it over;
    /// past it, publishing to the job id starts the job over.
    /// </summary>
    /// <value>The default is <see cref="DefaultFinishedJobRetention"/> (2 hours). Allowed: 0 to 30 days.</value>
    public TimeSpan FinishedJobRetention { get; set; } = DefaultFinishedJobRetention;

    /// <summary>
    /// Gets or sets how long after its newest event a job that has not finished is kept before it is released. The
    /// publisher releases its numbering state of such a job after as long too, unless the job has a live handle.
    /// </summary>
    /// <value>The default is <see cref="DefaultIdleTimeToLive"/> (2 hours). Allowed: 1 second to 30 days.</value>
    public TimeSpan IdleTimeToLive { get; set; } = DefaultIdleTimeToLive;

    /// <summary>
    /// Gets or sets how often expired jobs are released in the background (reads never return an expired job either
    /// way); the publisher's state of ended and silent jobs is released on a timer of the same interval.
    /// </summary>
    /// <value>The default is <see cref="DefaultExpiryScanInterval"/> (30 seconds). Allowed: 10 milliseconds to 1 hour.</value>
    public TimeSpan ExpiryScanInterval { get; set; } = DefaultExpiryScanInterval;
}
