using ProgressKit.Events;

namespace ProgressKit.Transports;

/// <summary>
/// Delivers progress events to clients: SignalR, API Gateway WebSocket, AppSync, or your own. The dispatcher calls
/// it from its own lane (one per transport), never from the publishing job.
/// </summary>
/// <remarks>
/// <para>The dispatcher calls <see cref="SendAsync"/> for at most one event of a given job at a time, in the job's
/// order, and for several jobs concurrently (up to <see cref="ProgressKitOptions.MaxConcurrentSendsPerTransport"/>).
/// Implementations must be thread-safe.</para>
/// <para>Report failures by throwing <see cref="TransportException"/> with the right
/// <see cref="TransportFailureKind"/>: the dispatcher retries transient failures, opens the circuit on
/// configuration failures and dead-letters permanent ones. Any other exception is classified by the dispatcher
/// (network and timeout exceptions are transient, the rest permanent). Whatever a transport does (throw, fault,
/// hang, be slow, be disposed), the publishing job never sees it.</para>
/// </remarks>
public interface IProgressTransport
{
    /// <summary>Gets a short, stable name for logs, metrics and health reports (for example <c>signalr</c>).</summary>
    string Name { get; }

    /// <summary>Delivers one event to every client that should receive it.</summary>
    /// <param name="progressEvent">The event; immutable and shared with other transports.</param>
    /// <param name="cancellationToken">Cancelled when the attempt times out or the host shuts down.</param>
    /// <returns>A task that completes when the event was handed to the transport's service.</returns>
    ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken);
}
