using ProgressKit.Diagnostics;

namespace ProgressKit.Streams;

internal sealed partial class InMemoryJobStreamStore
{
    /// <summary>Releases every job whose deadline has passed; the timer calls it, and tests may.</summary>
    internal void ExpireNow()
    {
        var now = _timeProvider.GetUtcNow();
        bool more;
        do
        {
            var evictions = default(Evictions);
            lock (_gate)
            {
                var released = 0;
                while (released < ExpiryBatch && Expired(_finished.Head, now) is { } finished)
                {
                    Release(finished, StreamReasons.Finished, ref evictions);
                    released++;
                }

                while (released < ExpiryBatch && Expired(_active.Head, now) is { } idle)
                {
                    Release(idle, StreamReasons.Idle, ref evictions);
                    released++;
                }

                more = released == ExpiryBatch;
            }

            evictions.Report(_metrics);
        }
        while (more);
    }

    private static JobStream? Expired(JobStream? job, DateTimeOffset now) => job is not null && job.Deadline <= now ? job : null;

    private void OnExpiryTimer() =>
        BackgroundWork.Run(BackgroundWork.StreamStoreExpiry, static store => store.ExpireNow(), this, _logger, _backgroundMetrics);

    // The count bound is kept by Record, which evicts before it appends; the bytes are known only after.
    private void TrimJob(JobStream job, ref Evictions evictions)
    {
        while (job.Log.Bytes > _options.MaxBytesPerJob)
        {
            EvictOldest(job);
            evictions.JobBytes++;
        }
    }

    private void TrimTotals(ref Evictions evictions)
    {
        while (_totalEvents > _options.MaxTotalEvents)
        {
            EvictOldest(_age.Oldest()!);
            evictions.TotalEvents++;
        }

        while (_totalBytes > _options.MaxTotalBytes)
        {
            EvictOldest(_age.Oldest()!);
            evictions.TotalBytes++;
        }
    }

    // The event leaves the age queue lazily: its slot there is now one of the job's stale ones (see EventAgeQueue).
    private void EvictOldest(JobStream job)
    {
        _totalEvents--;
        _totalBytes -= job.Log.RemoveFirst();
    }

    private void ClearLog(JobStream job, ref Evictions evictions)
    {
        evictions.Discontinuity += job.Log.Count;
        DropLog(job);
    }

    private void Release(JobStream job, string reason, ref Evictions evictions)
    {
        // Its stale slots may keep the job's object alive in the age queue until compacted: not its log or text.
        DropLog(job);
        job.Texts.Clear();
        job.Snapshot = null;
        job.List?.Remove(job);
        job.IsReleased = true;
        _jobs.Remove(job.JobId);
        evictions.Release(reason);
    }

    // Every event of the job's log at once; their age queue slots become the job's stale ones.
    private void DropLog(JobStream job)
    {
        _totalEvents -= job.Log.Count;
        _totalBytes -= job.Log.Bytes;
        job.Log.Release();
    }

    /// <summary>What one hold of the lock evicted and released, reported to the metrics after the lock is left.</summary>
    private struct Evictions
    {
        public int JobEvents;
        public int JobBytes;
        public int TotalEvents;
        public int TotalBytes;
        public int Discontinuity;
        public int Finished;
        public int Idle;
        public int Capacity;

        public void Release(string reason)
        {
            switch (reason)
            {
                case StreamReasons.Finished: Finished++; break;
                case StreamReasons.Idle: Idle++; break;
                default: Capacity++; break;
            }
        }

        public readonly void Report(JobStreamMetrics metrics)
        {
            Add(metrics, StreamReasons.JobEvents, JobEvents);
            Add(metrics, StreamReasons.JobBytes, JobBytes);
            Add(metrics, StreamReasons.TotalEvents, TotalEvents);
            Add(metrics, StreamReasons.TotalBytes, TotalBytes);
            Add(metrics, StreamReasons.Discontinuity, Discontinuity);
            Released(metrics, StreamReasons.Finished, Finished);
            Released(metrics, StreamReasons.Idle, Idle);
            Released(metrics, StreamReasons.Capacity, Capacity);
        }

        private static void Released(JobStreamMetrics metrics, string reason, int count)
        {
            if (count > 0)
            {
                metrics.Released(reason, count);
            }
        }

        private static void Add(JobStreamMetrics metrics, string reason, int count)
        {
            if (count > 0)
            {
                metrics.Evicted(reason, count);
            }
        }
    }
}
