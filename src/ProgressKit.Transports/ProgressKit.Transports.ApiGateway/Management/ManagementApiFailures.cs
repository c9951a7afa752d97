using System.Net;

namespace ProgressKit.Transports.ApiGateway.Management;

/// <summary>Turns a management API status code into the dispatcher's failure kinds (see <c>docs/api-gateway/README.md</c>).</summary>
internal static class ManagementApiFailures
{
    public static TransportException FromStatus(HttpStatusCode status, string operation, string? errorType)
    {
        var code = (int)status;
        var type = string.IsNullOrEmpty(errorType) ? string.Empty : $" ({errorType})";
        return code switch
        {
            401 or 403 => new TransportException(
                $"API Gateway management API answered {code}{type} to {operation}. Check ProgressKit:ApiGateway:Endpoint " +
                "(on AWS it must include the stage), ProgressKit:ApiGateway:Region, and that the credentials allow execute-api:ManageConnections.",
                TransportFailureKind.Configuration, statusCode: code),
            404 => new TransportException(
                $"API Gateway management API answered 404{type} to {operation}: ProgressKit:ApiGateway:Endpoint does not point at a WebSocket API's stage.",
                TransportFailureKind.Configuration, statusCode: code),
            413 => new TransportException(
                $"API Gateway management API answered 413{type} to {operation}: the message is larger than API Gateway accepts.",
                TransportFailureKind.Permanent, statusCode: code),
            408 or 429 or >= 500 => new TransportException(
                $"API Gateway management API answered {code}{type} to {operation}.", TransportFailureKind.Transient, statusCode: code),
            _ => new TransportException(
                $"API Gateway management API answered {code}{type} to {operation}.", TransportFailureKind.Permanent, statusCode: code),
        };
    }
}
