using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ProgressKit.Diagnostics;
using ProgressKit.Events;

namespace ProgressKit.Jobs;

/// <summary>
/// The publisher's per-job state: the tracker of each job that has not ended, and a small record of the jobs that
/// ended. A tracker is released as soon as its job's terminal event is published (the record keeps refusing later
/// events, <c>after_terminal</c>, for the retention), when its job has no handle and has been silent for the idle
/// time to live, and, least recently used first, beyond the bound.
/// </summary>
/// <remarks>
/// State ownership: <see cref="_trackers"/> is a concurrent map written by publishing threads and the sweeps;
/// <see cref="_count"/> is written by them with <see cref="Interlocked"/>; <see cref="_finished"/>, and every move of a
/// job from <see cref="_trackers"/> to <see cref="_finished"/>, are guarded by <see cref="_membershipGate"/>. Expiry runs
/// on a timer of the injected <see cref="TimeProvider"/> through <see cref="BackgroundWork"/>, so nothing it throws
/// ends the process.
/// </remarks>
internal sealed partial class JobTrackers : IDisposable
{
    /// <summary>How many ended jobs one hold of the lock forgets at most, so that publishers interleave.</summary>
    internal const int ExpiryBatch = 1_024;

    private readonly ConcurrentDictionary<string, JobTracker> _trackers = new(StringComparer.Ordinal);
    private readonly Lock _membershipGate = new();
    private readonly FinishedJobs _finished;
    private readonly Action<JobTracker> _continueFromStore;
    private readonly Action<JobTracker> _readStore;
    private readonly JobTrackerLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ProgressKitMetrics _metrics;
    private readonly ITimer _expiryTimer;

    // Written with Interlocked by publishing threads and the sweeps.
    private int _count;

    // 1 while a sweep beyond the bound is queued or running: at most one at a time.
    private int _sweeping;

    /// <param name="limits">The bounds and times to live.</param>
    /// <param name="continueFromStore">Continues a new tracker from what the store knows at once, before any other thread sees it, or makes it await the store.</param>
    /// <param name="readStore">Starts the store read a new tracker awaits, once it is the job's tracker (not for one that lost a race or a job that ended).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The publisher's logger.</param>
    /// <param name="metrics">The publisher's metrics.</param>
    public JobTrackers(
        JobTrackerLimits limits, Action<JobTracker> continueFromStore, Action<JobTracker> readStore, TimeProvider timeProvider, ILogger logger, ProgressKitMetrics metrics)
    {
        _limits = limits;
        _continueFromStore = continueFromStore;
        _readStore = readStore;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _finished = new FinishedJobs(timeProvider, limits.FinishedRetention, limits.MaxTracked);
        _expiryTimer = timeProvider.CreateTimer(static s => ((JobTrackers)s!).OnExpiryTimer(), this, limits.ExpiryScanInterval, limits.ExpiryScanInterval);
    }

    /// <summary>Gets how many jobs have a tracker.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets how many ended jobs are remembered.</summary>
    public int FinishedCount
    {
        get
        {
            lock (_membershipGate)
            {
                return _finished.Count;
            }
        }
    }

    /// <summary>Gets a value indicating whether a sweep beyond the bound is queued or running.</summary>
    public bool IsSweeping => Volatile.Read(ref _sweeping) == 1;

    /// <summary>Finds or creates the tracker of a job; a job that ended within the retention gets a tracker that refuses every event.</summary>
    public JobTracker Track(string jobId)
    {
        if (!_trackers.TryGetValue(jobId, out var tracker))
        {
            tracker = Add(jobId);
        }

        return tracker;
    }

    /// <summary>The job's terminal event was published: its tracker is released and its end remembered, in one step.</summary>
    public void OnEnded(JobTracker tracker, JobStatus status)
    {
        lock (_membershipGate)
        {
            _finished.Add(tracker.JobId, status);
            Remove(tracker);
        }
    }

    /// <summary>Forgets that <paramref name="jobId"/> ended, so that it can be started over (its events are no longer refused).</summary>
    public void ForgetEnd(string jobId)
    {
        lock (_membershipGate)
        {
            _finished.Remove(jobId);
        }
    }

    /// <summary>Releases <paramref name="tracker"/> if it is still the job's.</summary>
    public bool Forget(JobTracker tracker) => Remove(tracker);

    public void Dispose() => _expiryTimer.Dispose();

    private JobTracker Add(string jobId)
    {
        var created = new JobTracker(jobId) { LastUsed = _timeProvider.GetUtcNow().UtcTicks };
        _continueFromStore(created);
        JobTracker tracker;
        lock (_membershipGate)
        {
            // Checked under the gate that OnEnded holds, so a job is always either tracked or remembered as ended: a
            // publisher racing the job's end cannot add a fresh tracker that would number events after its end.
            if (_finished.TryGetStatus(jobId, out var status))
            {
                return JobTracker.Ended(jobId, status);
            }

            tracker = _trackers.GetOrAdd(jobId, created);
        }

        if (!ReferenceEquals(tracker, created))
        {
            return tracker;
        }

        // Read only by the thread whose tracker was added: a job that ended or a racing first publish costs no read.
        _readStore(created);

        // Counted only by the thread whose tracker was added, so racing first publishes count one job once.
        if (Interlocked.Increment(ref _count) > _limits.MaxTracked)
        {
            ScheduleSweep();
        }

        return tracker;
    }

    private bool Remove(JobTracker tracker)
    {
        if (_trackers.TryRemove(new KeyValuePair<string, JobTracker>(tracker.JobId, tracker)))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }
}
