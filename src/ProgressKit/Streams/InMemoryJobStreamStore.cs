using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using ProgressKit.Diagnostics;
using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>
/// The default <see cref="IJobStreamStore"/>: process-local, bounded by <see cref="JobStreamStoreOptions"/>, expiring on
/// a timer of the injected <see cref="TimeProvider"/> and on read.
/// </summary>
/// <remarks>
/// <para>State ownership: one lock, <see cref="_gate"/>, guards every mutable field of the store and of the objects it
/// holds (<see cref="JobStream"/>, its log and texts, the lists and the age queue). One lock rather than one per job because the
/// store-wide bounds evict the oldest event of any job and release the least recently published job, exactly and in
/// O(1), which needs one order over all jobs. Every critical section is O(1) amortised except reads, which copy at most
/// <see cref="JobStreamStoreOptions.MaxReplayEvents"/> references and the job's text, and the expiry pass, which
/// releases at most <see cref="ExpiryBatch"/> jobs per hold of the lock.</para>
/// <para>Metrics and logs are written outside the lock. The timer's callback runs through <see cref="BackgroundWork"/>:
/// it catches, logs (event 1044) and counts (<c>progresskit.background.failures</c>, operation
/// <c>stream_store.expire</c>) every failure, so no background work of the store ends the process.</para>
/// </remarks>
internal sealed partial class InMemoryJobStreamStore : IJobStreamStore, IDisposable
{
    /// <summary>How many jobs one hold of the lock releases at most during expiry, so appends interleave.</summary>
    internal const int ExpiryBatch = 1_024;

    private readonly Lock _gate = new();
    private readonly JobStreamStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly JobStreamMetrics _metrics;
    private readonly ProgressKitMetrics? _backgroundMetrics;
    private readonly ITimer _expiryTimer;

    // Guarded by _gate.
    private readonly Dictionary<string, JobStream> _jobs = new(StringComparer.Ordinal);
    private readonly EventAgeQueue _age = new();
    private readonly JobList _active = new();
    private readonly JobList _finished = new();
    private long _totalEvents;
    private long _totalBytes;

    public InMemoryJobStreamStore(JobStreamStoreOptions options, TimeProvider timeProvider, ILogger logger, IMeterFactory? meterFactory, ProgressKitMetrics? backgroundMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        JobStreamStoreOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _backgroundMetrics = backgroundMetrics;
        _metrics = new JobStreamMetrics(meterFactory, () => JobCount, () => EventCount, () => ByteCount);
        _expiryTimer = timeProvider.CreateTimer(static state => ((InMemoryJobStreamStore)state!).OnExpiryTimer(), this, options.ExpiryScanInterval, options.ExpiryScanInterval);
    }

    /// <summary>Gets how many jobs the store holds.</summary>
    public int JobCount
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Count;
            }
        }
    }

    /// <summary>Gets how many events the log holds over all jobs.</summary>
    public long EventCount
    {
        get
        {
            lock (_gate)
            {
                return _totalEvents;
            }
        }
    }

    /// <summary>Gets the estimated memory of the events the log holds over all jobs.</summary>
    public long ByteCount
    {
        get
        {
            lock (_gate)
            {
                return _totalBytes;
            }
        }
    }

    /// <summary>Gets how many slots the age queue uses, stale ones included (tests check its bound).</summary>
    internal int AgeQueueSlots
    {
        get
        {
            lock (_gate)
            {
                return _age.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Append(ProgressEvent progressEvent)
    {
        JobStream? unknown = null;
        Append(progressEvent, _timeProvider.GetUtcNow(), ref unknown);
    }

    /// <summary>
    /// Appends with the caller's reading of this store's clock (the publisher's, taken for the event's timestamp) and
    /// the caller's cached reference to the job's stream, which spares a second lookup of the job id on every publish.
    /// </summary>
    /// <param name="progressEvent">The event.</param>
    /// <param name="now">This store's clock, read by the caller.</param>
    /// <param name="held">The job's stream as this store last returned it to the caller, or <see langword="null"/>; set to the job's stream. The caller keeps it per job and passes it back under one lock of its own (the job's).</param>
    internal void Append(ProgressEvent progressEvent, DateTimeOffset now, ref JobStream? held)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        var epoch = progressEvent.Epoch ?? string.Empty;
        var bytes = JobStreamSizes.Estimate(progressEvent);
        string? refused;
        var evictions = default(Evictions);
        lock (_gate)
        {
            var job = held is { IsReleased: false } cached && cached.Deadline > now ? cached : GetOrAdd(progressEvent.JobId, now, ref evictions);
            held = job;
            refused = Admit(job, epoch, progressEvent, ref evictions);
            if (refused is null)
            {
                Record(job, progressEvent, epoch, bytes, now, ref evictions);
                TrimJob(job, ref evictions);
                TrimTotals(ref evictions);
            }
        }

        if (refused is not null and not StreamReasons.AlreadyHeld)
        {
            _metrics.Refused(refused);
            Log.StreamAppendRefused(_logger, progressEvent.Sequence, progressEvent.JobId, progressEvent.Epoch, refused);
        }

        evictions.Report(_metrics);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _expiryTimer.Dispose();
        _metrics.Dispose();
    }

    private JobStream GetOrAdd(string jobId, DateTimeOffset now, ref Evictions evictions)
    {
        if (_jobs.TryGetValue(jobId, out var job))
        {
            if (job.Deadline > now)
            {
                return job;
            }

            Release(job, job.List == _finished ? StreamReasons.Finished : StreamReasons.Idle, ref evictions);
        }

        job = new JobStream(jobId);
        _jobs.Add(jobId, job);
        while (_jobs.Count > _options.MaxJobs && (_finished.Head ?? _active.Head) is { } oldest)
        {
            Release(oldest, StreamReasons.Capacity, ref evictions);
        }

        return job;
    }

    // Returns why the event is refused, or null when it is after the job's position; clears what a new epoch or a
    // gap leaves behind.
    private string? Admit(JobStream job, string epoch, ProgressEvent progressEvent, ref Evictions evictions)
    {
        var sequence = progressEvent.Sequence;
        if (job.Snapshot is null)
        {
            return null;
        }

        var order = string.CompareOrdinal(epoch, job.Epoch);
        if (order < 0)
        {
            return StreamReasons.OlderEpoch;
        }

        if (order == 0 && sequence <= job.Sequence)
        {
            return sequence == job.Sequence && ReferenceEquals(progressEvent, job.Snapshot) ? StreamReasons.AlreadyHeld : StreamReasons.NotAfterPosition;
        }

        if (order > 0)
        {
            ClearLog(job, ref evictions);
            job.Texts.Clear();
        }
        else if (sequence != job.Sequence + 1)
        {
            ClearLog(job, ref evictions);
        }

        return null;
    }

    private void Record(JobStream job, ProgressEvent progressEvent, string epoch, int bytes, DateTimeOffset now, ref Evictions evictions)
    {
        // A job streaming past its log's count bound (the steady state of a long job) evicts its oldest event first,
        // so the ring never grows past the bound.
        if (job.Log.Count >= _options.MaxEventsPerJob)
        {
            EvictOldest(job);
            evictions.JobEvents++;
        }

        // The age queue first: its compaction reads each job's log, which must not count this event yet.
        _age.Add(job, _totalEvents);
        job.Log.AddLast(progressEvent, bytes);
        _totalEvents++;
        _totalBytes += bytes;

        // Reference writes are not free (each is a GC write barrier), so the ones that would store what is there
        // already are skipped: a job's epoch rarely changes, and a job publishing again is usually its list's newest.
        if (!ReferenceEquals(job.Epoch, epoch))
        {
            job.Epoch = epoch;
        }

        job.Sequence = progressEvent.Sequence;
        job.KeptSequence = progressEvent.KeptSequence ?? 0;
        job.Snapshot = progressEvent;
        if (progressEvent.Chunk is { } chunk)
        {
            job.Texts.Add(chunk, _options.MaxStreamTextLength, _options.MaxStreamsPerJob);
        }

        var list = progressEvent.IsTerminal ? _finished : _active;
        job.Deadline = now + (progressEvent.IsTerminal ? _options.FinishedJobRetention : _options.IdleTimeToLive);
        if (!list.IsNewest(job))
        {
            job.List?.Remove(job);
            list.AddLast(job);
        }
    }
}
