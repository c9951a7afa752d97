using System.Collections.Concurrent;

namespace ProgressKit.Jobs;

/// <summary>The open jobs of this process: what cancel requests reach, and what shutdown abandons.</summary>
/// <remarks>
/// It holds each job's <see cref="JobLifetime"/>, never its handle, so that a handle its caller drops without disposing
/// it can be collected (and its job abandoned) instead of being kept reachable here until the host stops.
/// </remarks>
internal sealed class JobRegistry : IJobCancellation
{
    private readonly ConcurrentDictionary<string, JobLifetime> _open = new(StringComparer.Ordinal);

    public void Add(JobLifetime job) => _open[job.JobId] = job;

    public void Remove(JobLifetime job) => _open.TryRemove(new KeyValuePair<string, JobLifetime>(job.JobId, job));

    public ICollection<JobLifetime> Open => _open.Values;

    /// <summary>Gets how many jobs are open (for tests).</summary>
    internal int Count => _open.Count;

    public JobLifetime? TryGetOpen(string jobId) => _open.TryGetValue(jobId, out var job) ? job : null;

    public bool TryRequestCancellation(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return _open.TryGetValue(jobId, out var job) && job.RequestCancellation();
    }

    public bool IsRunning(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return _open.TryGetValue(jobId, out var job) && !job.IsFinished;
    }
}
