using ProgressKit.Jobs;

namespace ProgressKit.Transports.SignalR.Access;

/// <summary>The default <see cref="IProgressCancellationRouter"/>: reaches jobs that run in this process.</summary>
internal sealed class LocalCancellationRouter(IJobCancellation cancellation) : IProgressCancellationRouter
{
    public ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(cancellation.TryRequestCancellation(jobId));
}
