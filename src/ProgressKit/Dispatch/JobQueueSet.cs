using ProgressKit.Diagnostics;
using ProgressKit.Events;

namespace ProgressKit.Dispatch;

/// <summary>
/// Every job's waiting events on one lane, and the rules that decide what goes next: one send in flight per job (its
/// order), superseded progress coalesced, the lane's bound enforced by evicting progress first, the minimum progress
/// interval, and the tickets that flushes wait on.
/// </summary>
/// <remarks>
/// Single-threaded by design: only the lane's pump calls it, so it holds no lock and is tested for its invariants
/// without threads. Per-job lanes are pooled, so a job that goes idle and comes back allocates nothing.
/// </remarks>
internal sealed partial class JobQueueSet(int capacity, long minProgressIntervalTicks, ILaneAccounting accounting)
{
    private const int MaxPooledLanes = 256;

    private readonly Dictionary<string, JobLane> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<JobLane> _ready = new();
    private readonly List<JobLane> _deferred = [];
    private readonly Stack<JobLane> _pool = new();

    // Idle jobs kept only while their minimum progress interval runs, oldest first (one interval for all, so the due
    // times are in order): released when due even if the job never publishes again.
    private readonly Queue<(JobLane Job, string JobId, long DueAt)> _idleHeld = new();
    private long _nextTicket;

    /// <summary>Gets the number of events waiting to be sent (not counting those in flight).</summary>
    public int Queued { get; private set; }

    /// <summary>Gets the number of sends in flight.</summary>
    public int InFlight { get; private set; }

    /// <summary>Gets the number of jobs the set holds state for.</summary>
    public int JobCount => _jobs.Count;

    /// <summary>
    /// Gets when the oldest idle job kept for its minimum progress interval is due to be released (a
    /// <see cref="TimeProvider"/> timestamp), or null when none is kept; the pump wakes then even if nothing is published.
    /// </summary>
    public long? NextIdleReleaseAt => _idleHeld.TryPeek(out var held) ? held.DueAt : null;

    /// <summary>Adds an event behind the earlier events of its job, within the lane's bound.</summary>
    public void Accept(ProgressEvent progressEvent, long now)
    {
        var isProgress = progressEvent.Type == ProgressEventType.ProgressUpdate;
        var job = GetOrAddJob(progressEvent.JobId);
        if (Queued >= capacity && !progressEvent.IsTerminal && !(isProgress && job.HasPendingProgressOnly))
        {
            // Superseded progress is removed as soon as it is superseded, so what is dropped here is the newest event
            // of a job whose lane is hopelessly behind; terminal events are always kept.
            if (!isProgress && EvictOneProgressUpdate())
            {
                Queued--;
            }
            else
            {
                accounting.Dropped(progressEvent, DropReasons.BufferFull);
                RemoveIfIdle(job, now);
                return;
            }
        }

        if (job.Add(new LaneItem(progressEvent, ++_nextTicket), isProgress) is null)
        {
            Queued++;
        }
        else
        {
            accounting.Coalesced();
        }

        Schedule(job);
    }

    /// <summary>
    /// Starts a round of <see cref="TryTakeNext"/> calls: jobs whose held-back progress fell due (or all of them, while
    /// a flush waits) go back to the ready queue. Once per round, so taking an event stays O(1).
    /// </summary>
    public void BeginRound(long now, bool flushing)
    {
        ReleaseDueIdleJobs(now);
        for (var i = _deferred.Count - 1; i >= 0; i--)
        {
            var job = _deferred[i];
            if (job.Count == 0 || job.InFlight is not null || flushing || IsProgressDue(job, now))
            {
                job.IsDeferred = false;
                _deferred.RemoveAt(i);
                Schedule(job);
            }
        }
    }

    /// <summary>
    /// Takes the next event that may be sent now, from a job with nothing in flight, and marks it in flight.
    /// </summary>
    /// <param name="now">The TimeProvider timestamp, for the minimum progress interval.</param>
    /// <param name="flushing">Whether a flush waits, which sends held-back progress at once.</param>
    /// <param name="job">The event's job.</param>
    /// <param name="item">The event.</param>
    /// <returns><see langword="false"/> when nothing may be sent now.</returns>
    public bool TryTakeNext(long now, bool flushing, out JobLane job, out LaneItem item)
    {
        while (_ready.TryDequeue(out job!))
        {
            job.IsScheduled = false;
            if (job.InFlight is not null)
            {
                continue;
            }

            if (job.TakeNext(flushing || IsProgressDue(job, now)) is not { } next)
            {
                if (job.Count > 0 && !job.IsDeferred)
                {
                    job.IsDeferred = true;
                    _deferred.Add(job);
                }

                continue;
            }

            if (next.Event.Type == ProgressEventType.ProgressUpdate)
            {
                job.MarkProgressSent(now);
            }

            Queued--;
            InFlight++;
            job.InFlight = next;
            item = next;
            return true;
        }

        item = default;
        return false;
    }

    /// <summary>Settles a send taken with <see cref="TryTakeNext"/>.</summary>
    /// <param name="job">The event's job.</param>
    /// <param name="item">The event.</param>
    /// <param name="requeue">Whether the event goes back to the head of its job (the circuit was open).</param>
    /// <param name="now">The TimeProvider timestamp.</param>
    public void Complete(JobLane job, LaneItem item, bool requeue, long now)
    {
        InFlight--;
        job.InFlight = null;
        if (requeue)
        {
            if (job.Requeue(item, item.Event.Type == ProgressEventType.ProgressUpdate))
            {
                Queued++;
            }
            else
            {
                accounting.Coalesced();
            }
        }

        if (job.Count > 0)
        {
            Schedule(job);
        }
        else if (item.Event.IsTerminal && !requeue)
        {
            // The job ended: nothing follows a terminal event, so its state goes at once, interval or not.
            Release(job);
        }
        else
        {
            RemoveIfIdle(job, now);
        }
    }

    /// <summary>Drops everything waiting (the lane stopped) and fails the flushes still waiting.</summary>
    public void AbandonAll(string reason)
    {
        foreach (var job in _jobs.Values)
        {
            // A send still in flight now will never be settled: its event is counted here.
            if (job.InFlight is { } inFlight)
            {
                accounting.Dropped(inFlight.Event, reason);
                job.InFlight = null;
            }

            foreach (var item in job.DrainAll())
            {
                accounting.Dropped(item.Event, reason);
            }
        }

        InFlight = 0;

        _jobs.Clear();
        _ready.Clear();
        _deferred.Clear();
        _idleHeld.Clear();
        Queued = 0;
        FailFlushWaiters();
    }

    private JobLane GetOrAddJob(string jobId)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            job = _pool.TryPop(out var pooled) ? pooled : new JobLane();
            job.Reset(jobId);
            _jobs.Add(jobId, job);
        }

        return job;
    }

    // When the lane is full, a waiting progress update of any job is the cheapest thing to give up: that job's next
    // event carries its whole state again.
    private bool EvictOneProgressUpdate()
    {
        foreach (var job in _jobs.Values)
        {
            if (job.EvictPendingProgress() is { } evicted)
            {
                accounting.Dropped(evicted.Event, DropReasons.BufferFull);
                return true;
            }
        }

        return false;
    }

    private void Schedule(JobLane job)
    {
        if (!job.IsScheduled && job.InFlight is null && job.Count > 0)
        {
            job.IsScheduled = true;
            _ready.Enqueue(job);
        }
    }

    private bool IsProgressDue(JobLane job, long now) =>
        minProgressIntervalTicks == 0 || !job.HasSentProgress || now - job.LastProgressSentAt >= minProgressIntervalTicks;

    private void RemoveIfIdle(JobLane job, long now)
    {
        if (!job.IsIdle || job.IsScheduled || job.IsDeferred)
        {
            return;
        }

        if (job.HasSentProgress && !IsProgressDue(job, now))
        {
            // Keep an idle job while its minimum progress interval runs, so the interval survives quiet moments, and
            // release it when the interval ends, so a job that goes silent does not stay for good.
            if (!job.IsIdleHeld)
            {
                job.IsIdleHeld = true;
                _idleHeld.Enqueue((job, job.JobId, job.LastProgressSentAt + minProgressIntervalTicks));
            }

            return;
        }

        Release(job);
    }

    private void ReleaseDueIdleJobs(long now)
    {
        while (_idleHeld.TryPeek(out var held) && now >= held.DueAt)
        {
            _idleHeld.Dequeue();

            // The lane may have been released and pooled for another job since: only the same job, still mapped.
            if (held.Job.JobId != held.JobId || !_jobs.TryGetValue(held.JobId, out var current) || !ReferenceEquals(current, held.Job))
            {
                continue;
            }

            held.Job.IsIdleHeld = false;
            RemoveIfIdle(held.Job, now);
        }
    }

    private void Release(JobLane job)
    {
        if (!job.IsIdle || job.IsScheduled || job.IsDeferred)
        {
            return;
        }

        _jobs.Remove(job.JobId);
        if (_pool.Count < MaxPooledLanes)
        {
            _pool.Push(job);
        }
    }
}
