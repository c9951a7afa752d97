using ProgressKit.Events;

namespace ProgressKit.Jobs;

/// <summary>
/// The jobs that ended in this process, remembered after their trackers are released so that an event published to
/// one of them later is still refused (<c>after_terminal</c>): each for a retention after its terminal event, at most
/// <c>capacity</c> of them (the longest ended forgotten first). A few dozen bytes a job instead of its whole tracker.
/// </summary>
/// <remarks>
/// Not thread-safe: its owner guards it with one lock (the publisher's <c>_membershipGate</c>). Every operation is
/// O(1) amortised: one retention for all jobs, so the queue is in order of expiry too.
/// </remarks>
internal sealed class FinishedJobs(TimeProvider timeProvider, TimeSpan retention, int capacity)
{
    private readonly Dictionary<string, (JobStatus Status, long EndedAt)> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<(string JobId, long EndedAt)> _byEnd = new();

    /// <summary>Gets how many ended jobs are remembered.</summary>
    public int Count => _jobs.Count;

    /// <summary>Remembers that <paramref name="jobId"/> ended with <paramref name="status"/>; a job already remembered keeps its first end.</summary>
    public void Add(string jobId, JobStatus status)
    {
        var now = timeProvider.GetTimestamp();
        if (!_jobs.TryAdd(jobId, (status, now)))
        {
            return;
        }

        _byEnd.Enqueue((jobId, now));
        while (_jobs.Count > capacity && _byEnd.TryDequeue(out var oldest))
        {
            RemoveIfSame(oldest);
        }
    }

    /// <summary>Forgets that <paramref name="jobId"/> ended (its queued entry then stands for nothing and is skipped).</summary>
    public void Remove(string jobId) => _jobs.Remove(jobId);

    /// <summary>Returns whether <paramref name="jobId"/> ended within the retention, and how.</summary>
    public bool TryGetStatus(string jobId, out JobStatus status)
    {
        if (_jobs.TryGetValue(jobId, out var ended) && !IsExpired(ended.EndedAt))
        {
            status = ended.Status;
            return true;
        }

        status = default;
        return false;
    }

    /// <summary>Forgets every job whose retention has passed, at most <paramref name="limit"/> of them.</summary>
    /// <returns>How many were forgotten.</returns>
    public int Expire(int limit)
    {
        var removed = 0;
        while (removed < limit && _byEnd.TryPeek(out var oldest) && IsExpired(oldest.EndedAt))
        {
            _byEnd.Dequeue();
            removed += RemoveIfSame(oldest) ? 1 : 0;
        }

        return removed;
    }

    private bool IsExpired(long endedAt) => timeProvider.GetElapsedTime(endedAt) >= retention;

    // A queued entry whose job was forgotten and ended again since stands for nothing any more.
    private bool RemoveIfSame((string JobId, long EndedAt) queued) =>
        _jobs.TryGetValue(queued.JobId, out var ended) && ended.EndedAt == queued.EndedAt && _jobs.Remove(queued.JobId);
}
