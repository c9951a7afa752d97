using Microsoft.Extensions.Logging;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;

/// <summary>Source-generated log messages of the Redis scale-out; event ids 5000-5099 are stable. Never logs the connection string.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Warning, "ProgressKit lost its Redis {Connection} connection ({ConnectionType}: {FailureType}); events wait and are retried.")]
    public static partial void ConnectionLost(ILogger logger, string connection, string connectionType, string failureType);

    [LoggerMessage(5002, LogLevel.Information, "ProgressKit's Redis {Connection} connection ({ConnectionType}) is back.")]
    public static partial void ConnectionRestored(ILogger logger, string connection, string connectionType);

    [LoggerMessage(5003, LogLevel.Warning, "Redis is not reachable yet; ProgressKit keeps connecting in the background and jobs run on.")]
    public static partial void NotConnectedYet(ILogger logger);

    [LoggerMessage(5004, LogLevel.Warning,
        "The SignalR Redis backplane has a ConnectionFactory of the application's; ProgressKit leaves it, and cannot replay snapshots to this node's subscribers after the backplane reconnects.")]
    public static partial void BackplaneFactoryKept(ILogger logger);

    [LoggerMessage(5020, LogLevel.Debug, "Cancel request for job {JobId} published to {Receivers} ProgressKit processes and recorded for polling.")]
    public static partial void CancelForwarded(ILogger logger, string jobId, long receivers);

    [LoggerMessage(5021, LogLevel.Information, "Job {JobId} is reached from here and was asked to cancel at a client's request received over Redis.")]
    public static partial void CancelReceived(ILogger logger, string jobId);

    [LoggerMessage(5022, LogLevel.Warning, "Could not subscribe to ProgressKit's cancel requests on Redis yet; retrying in {RetryDelayMs} ms. Running jobs still find requests by polling.")]
    public static partial void CancelSubscribeFailed(ILogger logger, double retryDelayMs, Exception exception);

    [LoggerMessage(5023, LogLevel.Information, "Listening for ProgressKit cancel requests on Redis.")]
    public static partial void CancelSubscribed(ILogger logger);

    [LoggerMessage(5024, LogLevel.Warning, "Could not hand the cancel request for job {JobId}, received over Redis, to this node; the job's handle still finds it by polling.")]
    public static partial void CancelDeliveryFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(5030, LogLevel.Information, "Backplane subscriptions are back: replayed the snapshots of {Count} job subscriptions of this node's connections.")]
    public static partial void Replayed(ILogger logger, int count);

    [LoggerMessage(5031, LogLevel.Warning, "Backplane subscriptions did not come back within {WaitMs} ms of the reconnection; replaying snapshots anyway.")]
    public static partial void ProbeTimedOut(ILogger logger, double waitMs);

    [LoggerMessage(5033, LogLevel.Error, "Background work {Operation} of the Redis scale-out failed; it is skipped this time and runs again when next due.")]
    public static partial void BackgroundWorkFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(5032, LogLevel.Warning, "Could not replay the snapshot of job {JobId} to connection {ConnectionId}.")]
    public static partial void ReplayFailed(ILogger logger, string jobId, string connectionId, Exception exception);
}
