using System.Text.Json;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>Maps what a hub lifetime manager throws to a <see cref="TransportException"/> of the right kind.</summary>
internal static class SignalRFailureClassifier
{
    public static TransportException ToTransportException(Exception exception) =>
        new($"SignalR group send failed: {exception.Message}", Classify(exception), exception);

    // The in-memory lifetime manager rarely throws; a backplane (Redis, Azure SignalR) throws connection and timeout
    // errors of its own types, which pass with time. Only errors about the message itself will fail again.
    public static TransportFailureKind Classify(Exception exception) => exception switch
    {
        JsonException or NotSupportedException or ArgumentException => TransportFailureKind.Permanent,
        _ => TransportFailureKind.Transient,
    };
}
