namespace ProgressKit.Transports.SignalR;

/// <summary>
/// Delivers a hub caller's cancel request, after the access check, to the job wherever it runs. The default reaches
/// what this node can reach: jobs running in this process (through <see cref="Jobs.IJobCancellation"/>) and jobs that
/// remote workers publish through this node's hub. A scale-out package decorates it to reach jobs behind other nodes.
/// </summary>
/// <remarks>
/// <see cref="ProgressHub.CancelJob"/> calls it only for a job the caller may cancel and whose newest snapshot is not
/// terminal. Implementations are singletons and must be thread-safe.
/// </remarks>
public interface IProgressCancellationRouter
{
    /// <summary>Asks the job to cancel; the job then publishes <c>job_cancelled</c> and its token fires.</summary>
    /// <param name="jobId">The job id; valid by the job id rule.</param>
    /// <param name="cancellationToken">Cancelled when the caller's connection closes.</param>
    /// <returns>
    /// <see langword="true"/> when the request reached the job or was recorded where the job's process will see it;
    /// <see langword="false"/> when no process that could run the job can be reached (the caller gets <c>job_not_found</c>).
    /// Throw when the request could not be delivered for now (the caller gets <c>internal_error</c> and may retry).
    /// </returns>
    ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken);
}
