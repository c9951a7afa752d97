using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR;

/// <summary>
/// Holds the group send of an event until the event may go out. A shared job stream store (for example the Redis one
/// the scale-out package registers, through its barrier) uses it to make sure the event is stored before any node can
/// deliver it: a client that joins a job's group and then reads the store can then never miss the event in between,
/// even when the store writes in the background.
/// </summary>
/// <remarks>
/// <para>The SignalR transport and <see cref="ProgressHub.Publish"/> await every registered barrier, in registration
/// order, before each group send and before taking a send slot. None is registered by default, which costs nothing.
/// Register one with <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IProgressSendBarrier, T&gt;())</c>.</para>
/// <para>Throw <see cref="TransportException"/> to fail the attempt (a transient one is retried by the dispatcher).
/// Implementations are singletons and must be thread-safe; they should complete synchronously when nothing is pending.</para>
/// </remarks>
public interface IProgressSendBarrier
{
    /// <summary>Completes when <paramref name="progressEvent"/> may be sent to its groups.</summary>
    /// <param name="progressEvent">The event about to be sent.</param>
    /// <param name="cancellationToken">Cancelled when the send attempt times out or the host stops.</param>
    /// <returns>A task that completes when the send may proceed.</returns>
    ValueTask WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken);
}
