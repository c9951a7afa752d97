using Microsoft.Extensions.Logging;

namespace ProgressKit.Transports.AppSync.Diagnostics;

/// <summary>Source-generated log messages of the AppSync transport; event ids 4000-4099 are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Information, "AppSync transport publishes to {Endpoint} ({Api} API, {AuthorizationMode} authorization).")]
    public static partial void Started(ILogger logger, Uri endpoint, AppSyncApi api, string authorizationMode);

    [LoggerMessage(4002, LogLevel.Warning,
        "{EventType} #{Sequence} of job {JobId} was larger than {MaxBytes} bytes and was cut down by the documented rule; truncated: {Truncated}.")]
    public static partial void EventTruncated(ILogger logger, string eventType, long sequence, string jobId, int maxBytes, string truncated);

    [LoggerMessage(4010, LogLevel.Debug, "AppSync GraphQL answered {StatusCode} with errors for job {JobId} #{Sequence} ({FailureKind}): {Errors}")]
    public static partial void GraphQLErrors(ILogger logger, int statusCode, string jobId, long sequence, string failureKind, string errors);

    [LoggerMessage(4020, LogLevel.Debug, "AppSync Events published {Count} events to {Channel}: {Succeeded} succeeded, {Failed} failed.")]
    public static partial void EventsBatchPublished(ILogger logger, int count, string channel, int succeeded, int failed);

    [LoggerMessage(4021, LogLevel.Debug, "AppSync Events rejected {EventType} #{Sequence} of job {JobId} on {Channel}: code {ErrorCode}, {ErrorMessage}")]
    public static partial void EventsEventFailed(ILogger logger, string eventType, long sequence, string jobId, string channel, int? errorCode, string? errorMessage);
}
