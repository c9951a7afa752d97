using Microsoft.Extensions.Logging;

namespace ProgressKit.Diagnostics;

/// <summary>Log messages of the job stream store (ids 1051-1059; its expiry failures are logged as background work, 1044).</summary>
internal static partial class Log
{
    [LoggerMessage(1051, LogLevel.Debug,
        "The job stream store refused #{Sequence} of job {JobId} (epoch {Epoch}): its position is not after the job's ({Reason}); two processes may be publishing the job at once.")]
    public static partial void StreamAppendRefused(ILogger logger, long sequence, string jobId, string? epoch, string reason);

    [LoggerMessage(1052, LogLevel.Warning, "The job stream store failed for job {JobId}; resumes and late joiners may miss this event's state. The event is still sent.")]
    public static partial void StreamStoreFailed(ILogger logger, string jobId, Exception exception);
}
