using ProgressKit.Diagnostics;

namespace ProgressKit.Jobs;

internal sealed partial class JobTrackers
{
    /// <summary>
    /// Releases the trackers of jobs without a handle that have been silent for the idle time to live, and forgets the
    /// ended jobs whose retention has passed. The timer calls it, and tests may; a job with a live handle is never
    /// released here, however quiet (a dropped handle ends its job through the handle's drop watch instead).
    /// </summary>
    internal void ExpireNow()
    {
        var now = _timeProvider.GetUtcNow().UtcTicks;

        // The enumerator tolerates concurrent inserts and removals; what it misses goes at the next tick.
        foreach (var (_, tracker) in _trackers)
        {
            if (!tracker.HasHandle && now - tracker.LastUsed >= _limits.IdleTimeToLive.Ticks)
            {
                Remove(tracker);
            }
        }

        int forgotten;
        do
        {
            lock (_membershipGate)
            {
                forgotten = _finished.Expire(ExpiryBatch);
            }
        }
        while (forgotten == ExpiryBatch);
    }

    private void OnExpiryTimer() =>
        BackgroundWork.Run(BackgroundWork.TrackerExpiry, static trackers => trackers.ExpireNow(), this, _logger, _metrics);

    private void ScheduleSweep()
    {
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) == 0)
        {
            BackgroundWork.Queue(BackgroundWork.TrackerSweep, static t => t.Sweep(), this, _logger, _metrics);
        }
    }

    // Forgets the least recently used jobs without a handle, down to 90% of the bound (ended jobs hold no tracker).
    // Runs while publishers track new jobs; never throws.
    internal void Sweep()
    {
        var removed = 0;
        try
        {
            removed = SweepCore();
        }
        catch (Exception ex)
        {
            BackgroundWork.Report(BackgroundWork.TrackerSweep, ex, _logger, _metrics);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }

        // Jobs tracked while this ran found the flag set and did not schedule another sweep. Jobs with a live handle
        // are never swept, so another pass runs only when this one made progress.
        if (removed > 0 && Volatile.Read(ref _count) > _limits.MaxTracked)
        {
            ScheduleSweep();
        }
    }

    private int SweepCore()
    {
        var removed = 0;
        var target = (int)(_limits.MaxTracked * 0.9);

        // The enumerator tolerates concurrent inserts and removals; what it misses is swept next time.
        var candidates = new List<JobTracker>();
        var seen = 0;
        foreach (var (_, tracker) in _trackers)
        {
            seen++;
            if (!tracker.HasHandle)
            {
                candidates.Add(tracker);
            }
        }

        // The enumerator may miss trackers added while it ran yet see later ones: a sweep removes at most the excess
        // within what it saw, so it never forgets more recently used jobs than it must.
        var excess = Math.Min(Volatile.Read(ref _count), seen) - target;

        candidates.Sort(static (a, b) => a.IsTerminal != b.IsTerminal ? (a.IsTerminal ? -1 : 1) : a.LastUsed.CompareTo(b.LastUsed));
        foreach (var tracker in candidates)
        {
            if (removed >= excess || Volatile.Read(ref _count) <= target)
            {
                break;
            }

            removed += Remove(tracker) ? 1 : 0;
        }

        return removed;
    }
}
