using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.SignalR.Client.Connection;
using ProgressKit.Transports.SignalR.Serialization;

namespace ProgressKit.Transports.SignalR.Client;

/// <summary>
/// The remote SignalR transport: invokes the hub's <c>Publish</c> method with each event and treats the hub's
/// completion as delivery.
/// </summary>
/// <remarks>
/// While the connection is down, a send waits for it to come back for at most its attempt (the dispatcher cancels the
/// attempt at <see cref="Resilience.TransportResilienceOptions.AttemptTimeout"/>), then fails transiently and the
/// dispatcher retries with backoff; meanwhile later events wait in the dispatcher's bounded lane. Waiting inside the
/// attempt delivers as soon as the hub is back instead of after a retry delay. An event is finally given up (dead-
/// lettered and counted) only if the hub stays away for about (MaxRetryAttempts + 1) x AttemptTimeout plus the retry
/// delays, 50 seconds or so with the defaults; raise MaxRetryAttempts to ride out longer outages.
/// </remarks>
internal sealed class SignalRClientTransport(PublisherConnection connection, IOptions<SignalRClientTransportOptions> options) : IProgressTransport, IAsyncDisposable
{
    /// <summary>The transport's name in logs, metrics and health reports.</summary>
    public const string TransportName = "signalr-client";

    private readonly int _maxEventBytes = options.Value.MaxEventBytes;

    public string Name => TransportName;

    public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        var payload = new PreSerializedJson(ProgressEventSizeLimiter.Fit(progressEvent, _maxEventBytes, out _));
        if (!connection.IsConnected)
        {
            await connection.WaitUntilConnectedAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await connection.Hub.InvokeCoreAsync(SignalRClientTransportOptions.PublishMethod, [payload], cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not TransportException)
        {
            throw SignalRClientFailureClassifier.ToTransportException(exception);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
