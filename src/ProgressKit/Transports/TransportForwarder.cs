using ProgressKit.Events;

namespace ProgressKit.Transports;

/// <summary>
/// Lets a transport be registered once as itself and once in the <see cref="IProgressTransport"/> list, with one
/// instance, while <c>TryAddEnumerable</c> still sees a distinct implementation type per transport (idempotence).
/// </summary>
internal sealed class TransportForwarder<TTransport>(TTransport inner) : IProgressTransport
    where TTransport : class, IProgressTransport
{
    public string Name => inner.Name;

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken) =>
        inner.SendAsync(progressEvent, cancellationToken);
}
