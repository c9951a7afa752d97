using ProgressKit.Events;

namespace ProgressKit.Transports.ApiGateway.FanOut;

/// <summary>
/// What the transport awaits before it looks up an event's subscribers: that the job stream store holds the event, so
/// a client that subscribes meanwhile gets it either as its snapshot or as a message; and the job's subscription
/// version as of that write, which tells whether a cached subscriber list is stale.
/// </summary>
internal interface IStreamWriteBarrier
{
    /// <summary>Completes once the store holds <paramref name="progressEvent"/> (the publisher appended it before the send).</summary>
    /// <param name="progressEvent">The event about to be sent.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The job's subscription version, or -1 when unknown (the caller then looks up the subscribers afresh).</returns>
    /// <exception cref="TransportException">The event could not be stored in time (transient: the dispatcher retries the send).</exception>
    ValueTask<long> WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken);
}
