using Microsoft.AspNetCore.SignalR.Client;

namespace ProgressKit.Transports.SignalR.Client.Connection;

/// <summary>
/// Exponential backoff with jitter that never gives up: a worker keeps trying to reach its hub for as long as it runs,
/// and the dispatcher buffers (and eventually counts as lost) what cannot be delivered meanwhile.
/// </summary>
internal sealed class BackoffRetryPolicy(TimeSpan baseDelay, TimeSpan maxDelay) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);

    /// <summary>Returns the delay before attempt <paramref name="previousAttempts"/> + 1: half fixed, half random, so that many workers do not reconnect in step.</summary>
    public TimeSpan Delay(long previousAttempts)
    {
        var exponent = Math.Min(previousAttempts, 30);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * (1L << (int)exponent));
        var half = ceiling / 2;
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return TimeSpan.FromTicks(half + Random.Shared.NextInt64(half + 1));
#pragma warning restore CA5394
    }
}
