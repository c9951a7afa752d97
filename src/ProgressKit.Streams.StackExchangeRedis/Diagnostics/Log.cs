using Microsoft.Extensions.Logging;

namespace ProgressKit.Streams.StackExchangeRedis.Diagnostics;

/// <summary>Source-generated log messages of the Redis job stream store; event ids 6000-6099 are stable. Never logs the connection string.</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Warning, "The Redis job stream store lost its connection ({ConnectionType}: {FailureType}); events are kept in this process and written when Redis is back.")]
    public static partial void ConnectionLost(ILogger logger, string connectionType, string failureType);

    [LoggerMessage(6002, LogLevel.Information, "The Redis job stream store's connection ({ConnectionType}) is back.")]
    public static partial void ConnectionRestored(ILogger logger, string connectionType);

    [LoggerMessage(6003, LogLevel.Warning, "Redis is not reachable yet; the job stream store keeps connecting in the background and jobs run on.")]
    public static partial void NotConnectedYet(ILogger logger);

    [LoggerMessage(6010, LogLevel.Warning, "Could not write {Count} events to the Redis job stream store; retrying in {RetryDelayMs} ms.")]
    public static partial void WritesFailed(ILogger logger, int count, double retryDelayMs, Exception exception);

    [LoggerMessage(6011, LogLevel.Information, "Writes to the Redis job stream store resumed.")]
    public static partial void WritesResumed(ILogger logger);

    [LoggerMessage(6012, LogLevel.Warning, "The Redis job stream store's write queue is full ({Capacity} events): event {Sequence} of job {JobId} is not written to Redis (counted; further drops are counted until the queue has room again). The job's shared log starts afresh after the gap.")]
    public static partial void WriteDropped(ILogger logger, int capacity, long sequence, string jobId);

    [LoggerMessage(6013, LogLevel.Debug, "Redis refused event {Sequence} of job {JobId} in epoch {Epoch}: {Reason}.")]
    public static partial void WriteRefused(ILogger logger, long sequence, string jobId, string? epoch, string reason);

    [LoggerMessage(6020, LogLevel.Warning, "Could not read job {JobId} from the Redis job stream store; answered from this process's copy.")]
    public static partial void ReadFellBack(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(6030, LogLevel.Error, "The Redis job stream store's background writer failed; it starts again.")]
    public static partial void WriterFailed(ILogger logger, Exception exception);
}
