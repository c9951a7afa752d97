using Microsoft.Extensions.Logging;

namespace ProgressKit.Transports.ApiGateway.Diagnostics;

// The DynamoDB job stream store's messages: event ids 3030-3049 (stable).
internal static partial class Log
{
    [LoggerMessage(3030, LogLevel.Warning, "Could not write {Count} events of job {JobId} to the DynamoDB job stream store (attempt {Attempt} of {MaxAttempts}).")]
    public static partial void StreamWriteFailed(ILogger logger, int count, string jobId, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(3031, LogLevel.Error, "Gave up writing {Count} events of job {JobId} (up to #{Sequence}) to the DynamoDB job stream store after {MaxAttempts} attempts; its log in DynamoDB starts afresh after the gap.")]
    public static partial void StreamWriteAbandoned(ILogger logger, int count, string jobId, long sequence, int maxAttempts);

    [LoggerMessage(3032, LogLevel.Warning, "The DynamoDB job stream store's write queue is full ({Capacity} events): event #{Sequence} of job {JobId} is not written to DynamoDB (counted; further drops are counted until the queue has room again). The job's log in DynamoDB starts afresh after the gap.")]
    public static partial void StreamWriteDropped(ILogger logger, int capacity, long sequence, string jobId);

    [LoggerMessage(3033, LogLevel.Error, "The DynamoDB job stream store's write queue is full ({Capacity} events): the terminal event #{Sequence} of job {JobId} is not written to DynamoDB; late subscribers get an older snapshot until the item expires.")]
    public static partial void StreamTerminalDropped(ILogger logger, int capacity, long sequence, string jobId);

    [LoggerMessage(3034, LogLevel.Debug, "DynamoDB holds a newer position of job {JobId}: event #{Sequence} of epoch {Epoch} is not written ({Reason}).")]
    public static partial void StreamWriteRefused(ILogger logger, string jobId, long sequence, string? epoch, string reason);

    [LoggerMessage(3035, LogLevel.Warning, "Could not read job {JobId} from the DynamoDB job stream store; answered from this process's copy when it holds the job.")]
    public static partial void StreamReadFellBack(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(3036, LogLevel.Error, "The DynamoDB job stream store's background writer failed; it goes on with the next events.")]
    public static partial void StreamWriterFailed(ILogger logger, Exception exception);

    [LoggerMessage(3037, LogLevel.Information, "Writes to the DynamoDB job stream store resumed.")]
    public static partial void StreamWritesResumed(ILogger logger);
}
