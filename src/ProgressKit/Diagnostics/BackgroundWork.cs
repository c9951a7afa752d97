using Microsoft.Extensions.Logging;

namespace ProgressKit.Diagnostics;

/// <summary>
/// Runs the library's own background work (store trimming, tracker sweeps, send continuations) so that nothing it
/// throws can end the process: an exception escaping a thread-pool work item or a dedicated thread terminates .NET
/// processes, and one escaping a fire-and-forget task is lost. Each failure is logged (event 1044) and counted in
/// <c>progresskit.background.failures</c> by operation.
/// </summary>
internal static class BackgroundWork
{
    /// <summary>Names of the operations, the <c>operation</c> tag of the failure counter.</summary>
    public const string StateStoreTrim = "state_store.trim";

    /// <summary>The publisher forgetting job trackers beyond its bound.</summary>
    public const string TrackerSweep = "publisher.sweep";

    /// <summary>The publisher releasing, on its timer, the trackers of silent jobs and its record of ended ones.</summary>
    public const string TrackerExpiry = "publisher.expire";

    /// <summary>A pending send's continuation handing its outcome back to the lane's pump.</summary>
    public const string SendContinuation = "lane.send_continuation";

    /// <summary>The job stream store releasing expired jobs on its timer.</summary>
    public const string StreamStoreExpiry = "stream_store.expire";

    /// <summary>Cancelling a job's token on behalf of a client.</summary>
    public const string JobCancellation = "job.cancel";

    /// <summary>Abandoning a job whose handle its caller dropped without disposing it.</summary>
    public const string DroppedJobHandle = "job.abandon_dropped";

    /// <summary>Queues <paramref name="work"/> on the thread pool, guarded by <see cref="Run{TState}"/>.</summary>
    public static void Queue<TState>(string operation, Action<TState> work, TState state, ILogger logger, ProgressKitMetrics? metrics) =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static item => Run(item.Operation, item.Work, item.State, item.Logger, item.Metrics),
            (Operation: operation, Work: work, State: state, Logger: logger, Metrics: metrics),
            preferLocal: false);

    /// <summary>Runs <paramref name="work"/>; never throws.</summary>
    /// <returns><see langword="true"/> when the work ran to its end.</returns>
    public static bool Run<TState>(string operation, Action<TState> work, TState state, ILogger logger, ProgressKitMetrics? metrics)
    {
        try
        {
            work(state);
            return true;
        }
        catch (Exception ex)
        {
            Report(operation, ex, logger, metrics);
            return false;
        }
    }

    /// <summary>Logs and counts a failure of background work; never throws.</summary>
    public static void Report(string operation, Exception exception, ILogger logger, ProgressKitMetrics? metrics)
    {
        try
        {
            Log.BackgroundWorkFailed(logger, operation, exception);
        }
        catch
        {
            // A throwing logging provider must not turn a reported failure into a crash.
        }

        // Counted after the log, so that whoever sees the count can already read the log record.
        metrics?.BackgroundFailed(operation);
    }
}
