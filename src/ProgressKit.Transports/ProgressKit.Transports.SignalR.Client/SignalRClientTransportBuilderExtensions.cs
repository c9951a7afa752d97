using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProgressKit.Jobs;
using ProgressKit.Transports.SignalR.Client.Connection;

namespace ProgressKit.Transports.SignalR.Client;

/// <summary>Adds the remote SignalR transport to ProgressKit.</summary>
public static class SignalRClientTransportBuilderExtensions
{
    /// <summary>
    /// Adds a transport that publishes every event to a ProgressKit progress hub in another process (the web app's
    /// <c>MapProgressHub()</c>), over one SignalR connection that is opened on the first event and kept up with
    /// backoff. The hub checks <see cref="SignalRClientTransportOptions.PublisherKey"/>, records the event as the
    /// job's snapshot and forwards it to the job's subscribers.
    /// </summary>
    /// <param name="builder">The ProgressKit builder.</param>
    /// <param name="configure">Configures <see cref="SignalRClientTransportOptions"/>; <c>HubUrl</c> and <c>PublisherKey</c> are required.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Idempotent: calling it again adds only the extra <paramref name="configure"/> step.</remarks>
    public static IProgressKitBuilder AddSignalRClientTransport(this IProgressKitBuilder builder, Action<SignalRClientTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SignalRClientTransportOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalRClientTransportOptions>, SignalRClientTransportOptionsValidator>());
        // A worker may have no logging registered: use the application's factory when there is one, else none.
        builder.Services.TryAddSingleton(sp => new PublisherConnection(
            sp.GetRequiredService<IOptions<SignalRClientTransportOptions>>(),
            sp.GetRequiredService<IOptions<ProgressKitOptions>>(),
            sp.GetRequiredService<IJobCancellation>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        return builder.AddTransport<SignalRClientTransport>();
    }
}
