using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Transports.SignalR.Access;
using ProgressKit.Transports.SignalR.Diagnostics;

namespace ProgressKit.Transports.SignalR;

public sealed partial class ProgressHub
{
    /// <summary>Validates the id, refuses anonymous callers unless allowed, and asks the policy; returns the snapshot it decided on.</summary>
    private async Task<ProgressEvent?> AuthorizeJobAsync(string method, string? jobId, ProgressHubOperation operation)
    {
        ThrowIfInvalid(method, jobId);
        ThrowIfAnonymousRefused(method, jobId);
        var snapshot = await ReadSnapshotAsync(jobId).ConfigureAwait(false);
        var context = new ProgressAccessContext(Caller, jobId, snapshot, operation);
        if (await _services.AccessPolicy.CanAccessJobAsync(context, Context.ConnectionAborted).ConfigureAwait(false))
        {
            return snapshot;
        }

        // Unknown and refused look alike to the policy (it refuses what it cannot see); tell the caller which it was.
        var code = snapshot is null ? ControlErrorCodes.JobNotFound : ControlErrorCodes.Forbidden;
        Log.CallRefused(_services.Logger, method, jobId, Context.ConnectionId, code);
        throw snapshot is null ? HubErrors.JobNotFound(jobId) : HubErrors.Forbidden(jobId);
    }

    private void ThrowIfInvalid(string method, [System.Diagnostics.CodeAnalysis.NotNull] string? jobId)
    {
        if (!JobId.IsValid(jobId))
        {
            Log.CallRefused(_services.Logger, method, null, Context.ConnectionId, ControlErrorCodes.InvalidJobId);
            throw HubErrors.InvalidJobId(jobId);
        }
    }

    private void ThrowIfAnonymousRefused(string method, string? jobId)
    {
        if (!Options.AllowAnonymous && !CallerIdentity.IsAuthenticated(Caller))
        {
            Log.CallRefused(_services.Logger, method, jobId, Context.ConnectionId, ControlErrorCodes.Unauthenticated);
            throw HubErrors.Unauthenticated(method);
        }
    }

    private async Task<ProgressEvent?> ReadSnapshotAsync(string jobId)
    {
        try
        {
            return await _services.StateStore.GetAsync(jobId, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.StateStoreReadFailed(_services.Logger, jobId, exception);
            throw HubErrors.Create(ControlErrorCodes.InternalError, "The job's state could not be read; try again.");
        }
    }
}
