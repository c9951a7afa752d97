using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace ProgressKit.Transports.SignalR.Client;

/// <summary>Maps what a hub invocation throws to a <see cref="TransportException"/> of the right kind.</summary>
internal static class SignalRClientFailureClassifier
{
    public static TransportException ToTransportException(Exception exception) =>
        new($"Publishing to the progress hub failed: {exception.Message}", Classify(exception), exception);

    public static TransportFailureKind Classify(Exception exception) => exception switch
    {
        HubException hub => ClassifyRefusal(hub.Message),
        JsonException or NotSupportedException => TransportFailureKind.Permanent,

        // A dropped connection fails pending invocations with a cancellation or "connection is not active"; both
        // pass once the connection is back, as do network errors.
        _ => TransportFailureKind.Transient,
    };

    // The hub's refusals carry a stable code after "HubException: " (see ProgressHub).
    private static TransportFailureKind ClassifyRefusal(string message)
    {
        if (message.Contains("HubException: forbidden:", StringComparison.Ordinal)
            || message.Contains("HubException: unauthenticated:", StringComparison.Ordinal))
        {
            return TransportFailureKind.Configuration;
        }

        if (message.Contains("HubException: malformed_message:", StringComparison.Ordinal)
            || message.Contains("HubException: invalid_job_id:", StringComparison.Ordinal))
        {
            return TransportFailureKind.Permanent;
        }

        return TransportFailureKind.Transient;
    }
}
