using Microsoft.Extensions.Logging;
using ProgressKit.Diagnostics;

namespace ProgressKit.Dispatch;

/// <summary>Turns a pending send into the outcome the pump settles, whatever the send does.</summary>
internal static class SendCompletion
{
    /// <summary>The <c>kind</c> tag of an event failed by a bug of the library rather than by its transport.</summary>
    public const string InternalFailureKind = "internal";

    /// <summary>
    /// Awaits <paramref name="send"/>. <see cref="LaneSender.StartSend"/> never throws by contract; should a bug make
    /// it, the send's event is settled as <see cref="SendOutcome.Failed"/> rather than left in flight, which would
    /// hold its job for good; it is counted in <c>progresskit.events.failed</c> (kind <c>internal</c>) so the counters
    /// still add up, and logged and counted as background work that failed.
    /// </summary>
    public static async ValueTask<SendOutcome> OutcomeOfAsync(ValueTask<SendOutcome> send, string transport, ILogger logger, ProgressKitMetrics metrics)
    {
        try
        {
            return await send.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            BackgroundWork.Report(BackgroundWork.SendContinuation, ex, logger, metrics);
            metrics.Failed(transport, InternalFailureKind);
            return SendOutcome.Failed;
        }
    }
}
