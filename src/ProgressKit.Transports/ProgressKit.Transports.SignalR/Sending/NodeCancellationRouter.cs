using Microsoft.AspNetCore.SignalR;
using ProgressKit.Jobs;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// The default <see cref="IProgressCancellationRouter"/>: reaches what this node can reach, a job running in this
/// process, or a running job a remote worker publishes through this node's hub (sent a cancel request).
/// </summary>
internal sealed class NodeCancellationRouter(IJobCancellation cancellation, RemoteJobDirectory remoteJobs, IHubContext<ProgressHub> hubContext) : IProgressCancellationRouter
{
    public async ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken)
    {
        if (cancellation.TryRequestCancellation(jobId))
        {
            return true;
        }

        if (!remoteJobs.IsRemote(jobId))
        {
            return false;
        }

        // Every publisher connection hears it; only the worker that runs the job has a handle to cancel.
        await hubContext.Clients.Group(ProgressHubGroups.Publishers).SendAsync(ProgressHub.CancelRequestMethod, jobId, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
