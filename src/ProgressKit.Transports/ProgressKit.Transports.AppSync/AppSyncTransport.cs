using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Transports.AppSync.Diagnostics;
using ProgressKit.Transports.AppSync.Events;
using ProgressKit.Transports.AppSync.GraphQL;

namespace ProgressKit.Transports.AppSync;

/// <summary>The AppSync transport: publishes each event as a GraphQL mutation or to an Events API channel.</summary>
/// <remarks>Thread-safe. Never retries on its own: it reports each failure's kind and the dispatcher decides.</remarks>
internal sealed class AppSyncTransport : IProgressTransport
{
    /// <summary>The transport's name in logs, metrics and health reports.</summary>
    public const string TransportName = "appsync";

    private readonly IAppSyncPublisher _publisher;

    public AppSyncTransport(
        IHttpClientFactory httpClientFactory,
        IOptions<AppSyncTransportOptions> options,
        IOptions<ProgressKitOptions> progressKitOptions,
        ILogger<AppSyncTransport> logger)
    {
        // Reading Value runs the validator: without a host (a Lambda), a missing setting fails here, naming it.
        var settings = options.Value;
        var core = progressKitOptions.Value;
        var sender = new AppSyncHttpSender(httpClientFactory, settings);
        _publisher = settings.Api == AppSyncApi.Events
            ? new EventsApiPublisher(sender, settings, core.TimeProvider, core.Resilience.AttemptTimeout, logger)
            : new GraphQLMutationPublisher(sender, settings, logger);
        Log.Started(logger, sender.Endpoint, settings.Api, settings.AuthorizationMode.ToString());
    }

    public string Name => TransportName;

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        return _publisher.PublishAsync(progressEvent, cancellationToken);
    }
}
