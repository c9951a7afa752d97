using Microsoft.Extensions.Logging;

namespace ProgressKit.Transports.SignalR.Diagnostics;

/// <summary>Source-generated log messages of the SignalR transport and hub; event ids 2000-2099 are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Debug, "Progress hub refused {Method} on job {JobId} for connection {ConnectionId}: {Code}.")]
    public static partial void CallRefused(ILogger logger, string method, string? jobId, string connectionId, string code);

    [LoggerMessage(2002, LogLevel.Information, "Progress hub connection {ConnectionId} (user {UserId}) asked to cancel job {JobId}.")]
    public static partial void CancelRequested(ILogger logger, string connectionId, string? userId, string jobId);

    [LoggerMessage(2003, LogLevel.Error, "Progress hub could not read the snapshot of job {JobId} from the job state store.")]
    public static partial void StateStoreReadFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(2004, LogLevel.Error, "Progress hub could not deliver the cancel request for job {JobId}.")]
    public static partial void CancelRoutingFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(2010, LogLevel.Warning,
        "Progress hub refused a remote publish from connection {ConnectionId}: {Reason}. Check that the worker's PublisherKey matches ProgressKit:SignalR:Hub:PublisherKey.")]
    public static partial void PublisherRefused(ILogger logger, string connectionId, string reason);

    [LoggerMessage(2011, LogLevel.Warning, "Progress hub refused a malformed event from remote publisher {ConnectionId}: {Reason}")]
    public static partial void PublishMalformed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(2012, LogLevel.Warning, "Progress hub could not record the snapshot of remotely published job {JobId}; late joiners may see an older one.")]
    public static partial void PublishSnapshotFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(2013, LogLevel.Warning, "Progress hub could not forward {EventType} #{Sequence} of remotely published job {JobId}; the publisher will retry.")]
    public static partial void PublishForwardFailed(ILogger logger, string eventType, long sequence, string jobId, Exception exception);

    [LoggerMessage(2022, LogLevel.Warning, "Progress hub connection {ConnectionId} uses the '{Protocol}' hub protocol behind a backplane: events other processes publish reach it without the resume seam's filter (only the JSON protocol's frames are read), so around a resume it may get one twice or an older one after a newer one; clients drop both by position and resume. Logged once per process.")]
    public static partial void BackplaneProtocolUnfiltered(ILogger logger, string connectionId, string protocol);

    [LoggerMessage(2020, LogLevel.Error, "Progress hub could not resume job {JobId} for connection {ConnectionId}; the client may retry.")]
    public static partial void ResumeFailed(ILogger logger, string jobId, string connectionId, Exception exception);

    [LoggerMessage(2021, LogLevel.Debug, "Progress hub resumed job {JobId} for connection {ConnectionId}: {Outcome}, {Replayed} replayed, {Released} held live events released.")]
    public static partial void Resumed(ILogger logger, string jobId, string connectionId, string outcome, int replayed, int released);
}
