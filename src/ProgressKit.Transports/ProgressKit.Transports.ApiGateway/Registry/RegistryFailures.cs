using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>Classifies a registry failure for the dispatcher (throttling and outages are transient; a missing table or permission is configuration).</summary>
internal static class RegistryFailures
{
    public static TransportException Wrap(Exception exception, string operation) => exception switch
    {
        TransportException transport => transport,
        ResourceNotFoundException => new TransportException(
            $"The connection registry failed to {operation}: a DynamoDB table is missing. Check ProgressKit:ApiGateway:Registry table names and region.",
            TransportFailureKind.Configuration, exception, 400),
        AmazonServiceException { ErrorCode: "AccessDeniedException" or "UnrecognizedClientException" or "InvalidSignatureException" or "MissingAuthenticationTokenException" } service =>
            new TransportException(
                $"The connection registry failed to {operation}: DynamoDB refused the credentials ({service.ErrorCode}). Check the IAM permissions of the tables.",
                TransportFailureKind.Configuration, exception, (int)service.StatusCode),
        AmazonServiceException { ErrorCode: "ValidationException" } service => new TransportException(
            $"The connection registry failed to {operation}: DynamoDB rejected the request ({service.ErrorCode}).",
            TransportFailureKind.Permanent, exception, (int)service.StatusCode),
        AmazonServiceException service => new TransportException(
            $"The connection registry failed to {operation} ({service.ErrorCode}, {(int)service.StatusCode}).",
            service.StatusCode == HttpStatusCode.BadRequest && !IsThrottling(service.ErrorCode) ? TransportFailureKind.Permanent : TransportFailureKind.Transient,
            exception, (int)service.StatusCode),
        AmazonClientException => new TransportException(
            $"The connection registry failed to {operation}: {exception.Message}", TransportFailureKind.Configuration, exception),
        _ => new TransportException($"The connection registry failed to {operation}.", TransportFailureKind.Transient, exception),
    };

    private static bool IsThrottling(string? errorCode) => errorCode is
        "ProvisionedThroughputExceededException" or "ThrottlingException" or "RequestLimitExceeded" or "LimitExceededException";
}
