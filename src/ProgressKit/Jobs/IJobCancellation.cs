namespace ProgressKit.Jobs;

/// <summary>
/// Reaches the <see cref="IProgressJob.CancellationToken"/> of a job running in this process; transports call it when
/// a client asks to cancel a job (after their access check).
/// </summary>
/// <remarks>Thread-safe. When the job is found it publishes <c>job_cancelled</c> and its token is cancelled.</remarks>
public interface IJobCancellation
{
    /// <summary>Asks the job to cancel, if it runs in this process and has not ended.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns><see langword="true"/> when a running job was found and asked to cancel.</returns>
    bool TryRequestCancellation(string jobId);

    /// <summary>Returns whether a job with this id runs in this process and has not ended.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns><see langword="true"/> when the job runs here.</returns>
    bool IsRunning(string jobId);
}
