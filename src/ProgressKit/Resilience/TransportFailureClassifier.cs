using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Polly.Timeout;
using ProgressKit.Transports;

namespace ProgressKit.Resilience;

/// <summary>Decides how to treat a failure that a transport did not classify itself with <see cref="TransportException"/>.</summary>
internal static class TransportFailureClassifier
{
    public static TransportFailureKind Classify(Exception exception) => exception switch
    {
        TransportException transport => transport.Kind,
        TimeoutRejectedException or TimeoutException => TransportFailureKind.Transient,
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => TransportFailureKind.Configuration,
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout } => TransportFailureKind.Transient,
        HttpRequestException { StatusCode: { } status } when (int)status is >= 400 and < 500 => TransportFailureKind.Permanent,
        HttpRequestException or IOException or SocketException or WebSocketException => TransportFailureKind.Transient,
        OperationCanceledException => TransportFailureKind.Transient,
        _ => TransportFailureKind.Permanent,
    };

    public static bool IsTransient(Exception exception) => Classify(exception) == TransportFailureKind.Transient;

    public static string ToTag(TransportFailureKind kind) => kind switch
    {
        TransportFailureKind.Transient => "transient",
        TransportFailureKind.Permanent => "permanent",
        _ => "configuration",
    };
}
