using ProgressKit.Jobs;

namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>Lets running job handles see the cancel flag that the route handler's <c>cancel_job</c> sets in the registry.</summary>
internal sealed class RegistryCancellationRequestSource(IConnectionRegistry registry) : IJobCancellationRequestSource
{
    public ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken) =>
        registry.IsCancellationRequestedAsync(jobId, cancellationToken);
}
