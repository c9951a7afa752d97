using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Management;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.FanOut;

internal sealed partial class ApiGatewayTransport
{
    /// <summary>Posts to every target not yet served; returns the most serious failure, or null when all got it.</summary>
    private async ValueTask<TransportException?> PostAllAsync(
        ProgressEvent fitted,
        byte[] payload,
        List<ApiGatewayConnection> targets,
        DeliveryTracker.Attempt attempt,
        CancellationToken cancellationToken)
    {
        var pending = targets.FindAll(t => !attempt.WasDelivered(t.ConnectionId));
        if (pending.Count == 0)
        {
            return null;
        }

        var posts = new Task<TransportException?>[pending.Count];
        for (var i = 0; i < pending.Count; i++)
        {
            // Wait for a slot before starting each post: bounded concurrency without a task per waiting connection.
            await _postSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            posts[i] = PostOneAsync(fitted, payload, pending[i].ConnectionId, attempt, cancellationToken);
        }

        var results = await Task.WhenAll(posts).ConfigureAwait(false);
        TransportException? worst = null;
        foreach (var failure in results)
        {
            if (failure is not null && (worst is null || Severity(failure.Kind) > Severity(worst.Kind)))
            {
                worst = failure;
            }
        }

        if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            Log.EventPosted(_logger, fitted.Type.ToWireName(), fitted.Sequence, fitted.JobId, results.Count(r => r is null), pending.Count);
        }

        return worst;
    }

    private async Task<TransportException?> PostOneAsync(
        ProgressEvent fitted,
        byte[] payload,
        string connectionId,
        DeliveryTracker.Attempt attempt,
        CancellationToken cancellationToken)
    {
        PostToConnectionResult result;
        try
        {
            result = await _client.PostToConnectionAsync(connectionId, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException ex)
        {
            Log.PostFailed(_logger, fitted.JobId, fitted.Sequence, connectionId, ex.Kind.ToString(), ex.StatusCode);
            return ex;
        }
        finally
        {
            _postSlots.Release();
        }

        if (result == PostToConnectionResult.Gone)
        {
            await ForgetGoneAsync(connectionId, cancellationToken).ConfigureAwait(false);
        }

        // A gone connection is done too: it will never take the event, and a retry must not ask again.
        attempt.MarkDelivered(connectionId);
        return null;
    }

    private async Task ForgetGoneAsync(string connectionId, CancellationToken cancellationToken)
    {
        _subscribers.Forget(connectionId);
        try
        {
            await _registry.RemoveConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
            Log.ConnectionGone(_logger, connectionId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RemoveGoneConnectionFailed(_logger, connectionId, ex);
        }
    }

    private static int Severity(TransportFailureKind kind) => kind switch
    {
        TransportFailureKind.Configuration => 3,
        TransportFailureKind.Transient => 2,
        _ => 1,
    };
}
