using Microsoft.Extensions.Logging;

namespace ProgressKit.Transports.SignalR.Client.Diagnostics;

/// <summary>Source-generated log messages of the remote SignalR transport; event ids 2100-2199 are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(2101, LogLevel.Information, "Connected to progress hub {HubUrl}.")]
    public static partial void Connected(ILogger logger, string hubUrl);

    [LoggerMessage(2102, LogLevel.Warning, "Lost the connection to progress hub {HubUrl}; reconnecting with backoff while events wait in the dispatcher's buffer.")]
    public static partial void Reconnecting(ILogger logger, string hubUrl, Exception? exception);

    [LoggerMessage(2103, LogLevel.Information, "Reconnected to progress hub {HubUrl}.")]
    public static partial void Reconnected(ILogger logger, string hubUrl);

    [LoggerMessage(2104, LogLevel.Warning, "The connection to progress hub {HubUrl} closed; starting it again.")]
    public static partial void Closed(ILogger logger, string hubUrl, Exception? exception);

    [LoggerMessage(2105, LogLevel.Warning, "Connecting to progress hub {HubUrl} failed (attempt {Attempt}): {Reason}. Trying again in {Delay}.")]
    public static partial void StartFailed(ILogger logger, string hubUrl, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(2106, LogLevel.Information, "The progress hub asked to cancel job {JobId}; running here: {Found}.")]
    public static partial void CancelRequested(ILogger logger, string jobId, bool found);
}
