namespace ProgressKit.Jobs;

/// <summary>How long and how many jobs the publisher keeps state for, taken from the options at start.</summary>
/// <param name="MaxTracked">Trackers kept beyond which the least recently used without a handle are released; also the most ended jobs remembered (<see cref="ProgressKitOptions.MaxTrackedJobs"/>).</param>
/// <param name="FinishedRetention">How long an ended job is remembered, so that later events are refused (<see cref="Streams.JobStreamStoreOptions.FinishedJobRetention"/>, the time its stream is kept).</param>
/// <param name="IdleTimeToLive">How long the tracker of a job without a handle is kept after its newest event (<see cref="Streams.JobStreamStoreOptions.IdleTimeToLive"/>).</param>
/// <param name="ExpiryScanInterval">How often expired state is released (<see cref="Streams.JobStreamStoreOptions.ExpiryScanInterval"/>).</param>
internal sealed record JobTrackerLimits(int MaxTracked, TimeSpan FinishedRetention, TimeSpan IdleTimeToLive, TimeSpan ExpiryScanInterval)
{
    public static JobTrackerLimits From(ProgressKitOptions options) =>
        new(options.MaxTrackedJobs, options.Streams.FinishedJobRetention, options.Streams.IdleTimeToLive, options.Streams.ExpiryScanInterval);
}
