using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>The in-process SignalR transport: sends each event through <see cref="ProgressGroupSender"/>.</summary>
internal sealed class SignalRProgressTransport(ProgressGroupSender sender) : IProgressTransport
{
    /// <summary>The transport's name in logs, metrics and health reports.</summary>
    public const string TransportName = "signalr";

    public string Name => TransportName;

    public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendAsync(progressEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The attempt timed out or the host stops: the dispatcher knows which and treats it accordingly.
            throw;
        }
        catch (Exception exception) when (exception is not TransportException)
        {
            throw SignalRFailureClassifier.ToTransportException(exception);
        }
    }
}
