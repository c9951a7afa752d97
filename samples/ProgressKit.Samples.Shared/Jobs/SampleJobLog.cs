using Microsoft.Extensions.Logging;

namespace ProgressKit.Samples.Shared.Jobs;

/// <summary>Source-generated log messages of the sample job runner (event ids 9000-9099).</summary>
internal static partial class SampleJobLog
{
    [LoggerMessage(9000, LogLevel.Information, "Started sample job {JobId} for user {UserId} (duration {Duration}, fail {Fail}).")]
    public static partial void JobStarted(ILogger logger, string jobId, string userId, TimeSpan duration, bool fail);

    [LoggerMessage(9001, LogLevel.Information, "Sample job {JobId} ended with status {Status}.")]
    public static partial void JobEnded(ILogger logger, string jobId, string status);

    [LoggerMessage(9002, LogLevel.Information, "Sample job {JobId} was stopped by host shutdown; its handle reports it as abandoned.")]
    public static partial void JobStopped(ILogger logger, string jobId);

    [LoggerMessage(9003, LogLevel.Error, "Sample job {JobId} crashed; it was reported as failed.")]
    public static partial void JobCrashed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(9004, LogLevel.Warning, "Refused to start a sample job: {Running} jobs are running, the limit is {Limit} (ProgressKit:Samples:MaxRunningJobs).")]
    public static partial void AtCapacity(ILogger logger, int running, int limit);
}
