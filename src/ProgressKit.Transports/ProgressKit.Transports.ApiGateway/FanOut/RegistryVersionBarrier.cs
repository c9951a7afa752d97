using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.FanOut;

/// <summary>
/// The barrier of a process whose job stream store is in memory: the publisher's append already holds the event, so
/// only the subscription version is read, from the in-memory registry (-1 from any other registry).
/// </summary>
internal sealed class RegistryVersionBarrier(IConnectionRegistry registry) : IStreamWriteBarrier
{
    public ValueTask<long> WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken) =>
        ValueTask.FromResult(registry is InMemoryConnectionRegistry memory ? memory.GetSubscriptionVersion(progressEvent.JobId) : -1);
}
