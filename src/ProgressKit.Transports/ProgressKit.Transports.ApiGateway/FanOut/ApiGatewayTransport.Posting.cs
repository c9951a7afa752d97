using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Management;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.FanOut;

internal sealed partial class ApiGatewayTransport
{
    private static readonly TransportException?[] s_noOutcomes = [];

    /// <summary>Posts to every target at once (bounded); returns each target's failure, or null where it was served.</summary>
    private async ValueTask<TransportException?[]> PostAllAsync(
        ProgressEvent fitted,
        byte[] payload,
        List<ApiGatewayConnection> pending,
        CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return s_noOutcomes;
        }

        if (pending.Count == 1)
        {
            // The common case (one watcher per job): await the post itself, without a Task.WhenAll hop.
            await _postSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var failure = await PostOneAsync(fitted, payload, pending[0].ConnectionId, cancellationToken).ConfigureAwait(false);
            LogPosted(fitted, failure is null ? 1 : 0, 1);
            return [failure];
        }

        var posts = new Task<TransportException?>[pending.Count];
        for (var i = 0; i < pending.Count; i++)
        {
            // Wait for a slot before starting each post: bounded concurrency without a task per waiting connection.
            await _postSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            posts[i] = PostOneAsync(fitted, payload, pending[i].ConnectionId, cancellationToken);
        }

        var outcomes = await Task.WhenAll(posts).ConfigureAwait(false);
        LogPosted(fitted, outcomes.Count(r => r is null), pending.Count);
        return outcomes;
    }

    private async Task<TransportException?> PostOneAsync(ProgressEvent fitted, byte[] payload, string connectionId, CancellationToken cancellationToken)
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
            // A gone connection is done too: it will never take the event, and a retry must not ask again.
            await ForgetGoneAsync(connectionId, cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>Configuration first (an operator must act), then transient (retry), then permanent.</summary>
    private static TransportException? MostSerious(TransportException?[] outcomes)
    {
        TransportException? worst = null;
        foreach (var failure in outcomes)
        {
            if (failure is not null && (worst is null || Severity(failure.Kind) > Severity(worst.Kind)))
            {
                worst = failure;
            }
        }

        return worst;
    }

    private static int Severity(TransportFailureKind kind) => kind switch
    {
        TransportFailureKind.Configuration => 3,
        TransportFailureKind.Transient => 2,
        _ => 1,
    };

    private void LogPosted(ProgressEvent fitted, int delivered, int targets)
    {
        if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            Log.EventPosted(_logger, fitted.Type.ToWireName(), fitted.Sequence, fitted.JobId, delivered, targets);
        }
    }
}
