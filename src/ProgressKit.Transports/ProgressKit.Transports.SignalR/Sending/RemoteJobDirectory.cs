using System.Collections.Concurrent;
using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// The running jobs that remote publishers (workers) published through <see cref="ProgressHub.Publish"/>, so that
/// <see cref="ProgressHub.CancelJob"/> can forward a cancel request to them. Bounded; a job leaves on its terminal event.
/// </summary>
/// <remarks>
/// Per hub process: with several web app instances behind a backplane, a cancel reaches a remote job only through the
/// instance its worker publishes to.
/// </remarks>
internal sealed class RemoteJobDirectory
{
    /// <summary>The most remote jobs remembered; beyond it, new jobs cannot be cancelled from the hub (they still publish).</summary>
    internal const int MaxJobs = 100_000;

    private readonly ConcurrentDictionary<string, byte> _jobs = new(StringComparer.Ordinal);

    public void Track(ProgressEvent progressEvent)
    {
        if (progressEvent.IsTerminal)
        {
            _jobs.TryRemove(progressEvent.JobId, out _);
        }
        else if (_jobs.Count < MaxJobs)
        {
            _jobs.TryAdd(progressEvent.JobId, 0);
        }
    }

    public bool IsRemote(string jobId) => _jobs.ContainsKey(jobId);
}
