using Microsoft.Extensions.Logging;

namespace ProgressKit.Diagnostics;

/// <summary>Log messages of the job stream store (ids 1050-1059).</summary>
internal static partial class Log
{
    [LoggerMessage(1050, LogLevel.Error, "The job stream store's expiry pass failed; it runs again in {Interval}. Failures are counted in progresskit.stream.background_failures.")]
    public static partial void StreamExpiryFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(1051, LogLevel.Debug,
        "The job stream store refused #{Sequence} of job {JobId} (epoch {Epoch}): its position is not after the job's ({Reason}); two processes may be publishing the job at once.")]
    public static partial void StreamAppendRefused(ILogger logger, long sequence, string jobId, string? epoch, string reason);
}
