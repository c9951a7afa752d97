using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.State;

internal sealed partial class RedisJobStateStore
{
    private void ScheduleEviction()
    {
        if (Interlocked.CompareExchange(ref _evicting, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static store => store.Evict(), this, preferLocal: false);
        }
    }

    // Forgets jobs whose newest event Redis holds, least recently published first, down to 90% of the bound so that
    // eviction does not run per event. Unwritten jobs go only when nothing else is left, and are counted as dropped.
    // Runs on the thread pool while publishers insert, so it never throws: an exception escaping a work item ends the
    // process. `_slots.Values` is a snapshot copy taken under the map's locks, never a live view.
    internal void Evict()
    {
        try
        {
            EvictCore();
        }
        catch (Exception exception)
        {
            Log.BackgroundWorkFailed(_logger, "snapshot_store.trim", exception);
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }

        // Jobs added while this ran found the flag set and did not schedule another run.
        if (Volatile.Read(ref _count) > _maxLocalJobs)
        {
            ScheduleEviction();
        }
    }

    private void EvictCore()
    {
        {
            var target = (int)(_maxLocalJobs * 0.9);
            var candidates = _slots.Values
                .Select(static slot =>
                {
                    lock (slot.Gate)
                    {
                        return (Slot: slot, slot.IsClean, slot.LastTouched);
                    }
                })
                .OrderBy(static c => c.IsClean ? 0 : 1)
                .ThenBy(static c => c.LastTouched)
                .ToArray();
            foreach (var (slot, isClean, _) in candidates)
            {
                if (Volatile.Read(ref _count) <= target)
                {
                    break;
                }

                if (!_slots.TryRemove(new KeyValuePair<string, SnapshotSlot>(slot.JobId, slot)))
                {
                    continue;
                }

                Interlocked.Decrement(ref _count);
                lock (slot.Gate)
                {
                    slot.Dropped = true;
                    if (isClean || slot.StoredSeq >= slot.Latest.Sequence)
                    {
                        continue;
                    }
                }

                _metrics.SnapshotDropped();
                Log.SnapshotDropped(_logger, slot.JobId, _maxLocalJobs);
            }
        }
    }
}
