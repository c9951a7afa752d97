using Polly;
using ProgressKit.Events;

namespace ProgressKit.Resilience;

/// <summary>Keys of the values a lane puts on the Polly <see cref="ResilienceContext"/> of each send.</summary>
internal static class SendContext
{
    public static readonly ResiliencePropertyKey<ProgressEvent> EventKey = new("ProgressKit.Event");
}
