using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.AppSync.Authorization;

namespace ProgressKit.Transports.AppSync;

/// <summary>Adds the AppSync transport to ProgressKit.</summary>
public static class AppSyncTransportBuilderExtensions
{
    /// <summary>
    /// Adds the AppSync transport: events are published as GraphQL mutations (<see cref="AppSyncApi.GraphQL"/>, the
    /// default) or to AppSync Events API channels (<see cref="AppSyncApi.Events"/>), authorized by API key, IAM or a
    /// token. The options are validated at start (and on first use without a host); a missing endpoint or key fails
    /// with a message naming the setting.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddProgressKit</c>.</param>
    /// <param name="configure">Configures <see cref="AppSyncTransportOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Idempotent: calling it again adds only the extra <paramref name="configure"/> step. Requests go through the
    /// named <see cref="HttpClient"/> <c>ProgressKit.Transports.AppSync</c> of <see cref="IHttpClientFactory"/>, which
    /// an application can extend with <c>services.AddHttpClient("ProgressKit.Transports.AppSync")</c>.
    /// </remarks>
    public static IProgressKitBuilder AddAppSyncTransport(this IProgressKitBuilder builder, Action<AppSyncTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AppSyncTransportOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(static d => d.ServiceType == typeof(AppSyncTransport)))
        {
            AppSyncHttpClient.Register(services);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AppSyncTransportOptions>, AppSyncTransportOptionsValidator>());
        return builder.AddTransport<AppSyncTransport>();
    }
}
