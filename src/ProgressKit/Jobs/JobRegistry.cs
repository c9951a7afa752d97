using System.Collections.Concurrent;

namespace ProgressKit.Jobs;

/// <summary>The open job handles of this process: what cancel requests reach, and what shutdown abandons.</summary>
internal sealed class JobRegistry : IJobCancellation
{
    private readonly ConcurrentDictionary<string, ProgressJob> _open = new(StringComparer.Ordinal);

    public void Add(ProgressJob job) => _open[job.JobId] = job;

    public void Remove(ProgressJob job) => _open.TryRemove(new KeyValuePair<string, ProgressJob>(job.JobId, job));

    public ICollection<ProgressJob> Open => _open.Values;

    public ProgressJob? TryGetHandle(string jobId) => _open.TryGetValue(jobId, out var job) ? job : null;

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
