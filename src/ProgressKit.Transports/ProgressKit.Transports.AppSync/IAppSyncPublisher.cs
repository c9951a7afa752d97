using ProgressKit.Events;

namespace ProgressKit.Transports.AppSync;

/// <summary>Publishes one event to AppSync in one of the two modes; throws <see cref="TransportException"/> on failure.</summary>
internal interface IAppSyncPublisher
{
    ValueTask PublishAsync(ProgressEvent progressEvent, CancellationToken cancellationToken);
}
