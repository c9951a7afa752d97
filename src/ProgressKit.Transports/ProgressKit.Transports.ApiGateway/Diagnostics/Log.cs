using Microsoft.Extensions.Logging;

namespace ProgressKit.Transports.ApiGateway.Diagnostics;

/// <summary>
/// Source-generated log messages of the API Gateway transport (event ids 3000-3099, stable). None carries credentials,
/// signatures or message bodies.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Debug, "Posted {EventType} #{Sequence} of job {JobId} to {Delivered} of {Targets} connections.")]
    public static partial void EventPosted(ILogger logger, string eventType, long sequence, string jobId, int delivered, int targets);

    [LoggerMessage(3001, LogLevel.Information, "Connection {ConnectionId} is gone (410); removed it and its subscriptions from the registry.")]
    public static partial void ConnectionGone(ILogger logger, string connectionId);

    [LoggerMessage(3002, LogLevel.Warning, "Removing gone connection {ConnectionId} from the registry failed; its items expire by TTL.")]
    public static partial void RemoveGoneConnectionFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(3003, LogLevel.Information,
        "{EventType} #{Sequence} of job {JobId} was {Size} bytes, over the {Limit}-byte limit; cut down ({Truncated}).")]
    public static partial void EventCut(ILogger logger, string eventType, long sequence, string jobId, int size, int limit, string truncated);

    [LoggerMessage(3004, LogLevel.Debug, "Posting job {JobId} #{Sequence} to connection {ConnectionId} failed ({FailureKind}, status {StatusCode}).")]
    public static partial void PostFailed(ILogger logger, string jobId, long sequence, string connectionId, string failureKind, int? statusCode);

    [LoggerMessage(3005, LogLevel.Debug, "Connection {ConnectionId} (user {UserId}) is not allowed to receive job {JobId}; skipped.")]
    public static partial void DeliveryDenied(ILogger logger, string connectionId, string? userId, string jobId);

    [LoggerMessage(3010, LogLevel.Debug, "Connection {ConnectionId} opened (user {UserId}, tenant {TenantId}).")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, string? userId, string? tenantId);

    [LoggerMessage(3011, LogLevel.Information, "Connection {ConnectionId} refused: the authorizer gave no identity and anonymous connections are off.")]
    public static partial void ConnectionRefused(ILogger logger, string connectionId);

    [LoggerMessage(3012, LogLevel.Debug, "Connection {ConnectionId} closed; removed it and its subscriptions.")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId);

    [LoggerMessage(3013, LogLevel.Debug, "Message from connection {ConnectionId} rejected: {Code}.")]
    public static partial void MessageRejected(ILogger logger, string connectionId, string code);

    [LoggerMessage(3014, LogLevel.Error, "Route {RouteKey} of connection {ConnectionId} failed.")]
    public static partial void RouteFailed(ILogger logger, string routeKey, string connectionId, Exception exception);

    [LoggerMessage(3015, LogLevel.Information, "Connection {ConnectionId} asked to cancel job {JobId}; the cancel flag is set.")]
    public static partial void CancellationRequested(ILogger logger, string connectionId, string jobId);

    [LoggerMessage(3016, LogLevel.Information, "Connection {ConnectionId} (user {UserId}) was refused {Action} on job {JobId}.")]
    public static partial void AccessDenied(ILogger logger, string connectionId, string? userId, string action, string jobId);

    [LoggerMessage(3017, LogLevel.Warning, "A route event could not be read ({Reason}); answered 400.")]
    public static partial void RouteEventMalformed(ILogger logger, string reason);

    [LoggerMessage(3020, LogLevel.Information, "Created DynamoDB table {TableName}.")]
    public static partial void TableCreated(ILogger logger, string tableName);

    [LoggerMessage(3021, LogLevel.Warning,
        "DynamoDB at this endpoint does not support UpdateTimeToLive (an emulator?); TTL is off for table {TableName}. Reads still ignore expired items.")]
    public static partial void TimeToLiveUnsupported(ILogger logger, string tableName);
}
