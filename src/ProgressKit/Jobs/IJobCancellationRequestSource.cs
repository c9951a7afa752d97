namespace ProgressKit.Jobs;

/// <summary>
/// A place where clients' cancel requests are recorded for jobs that run elsewhere (for example a flag in a DynamoDB
/// table written by an API Gateway route handler). Every running job handle asks each registered source at
/// <see cref="ProgressKitOptions.CancellationPollInterval"/>.
/// </summary>
public interface IJobCancellationRequestSource
{
    /// <summary>Returns whether a client asked to cancel the job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns><see langword="true"/> when cancellation was requested.</returns>
    ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken);
}
