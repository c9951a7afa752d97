using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.ApiGateway.FanOut;
using ProgressKit.Transports.ApiGateway.Management;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.Shared.Aws;

namespace ProgressKit.Transports.ApiGateway;

/// <summary>Adds the API Gateway WebSocket transport to ProgressKit.</summary>
public static class ApiGatewayProgressKitBuilderExtensions
{
    /// <summary>
    /// Adds the API Gateway WebSocket transport: events go to subscribed connections through the management API
    /// (SigV4-signed, through <see cref="IHttpClientFactory"/>), the DynamoDB registry keeps connections, subscriptions
    /// and cancel flags, the DynamoDB job stream store keeps each job's stream (its snapshot for late subscribers) in the
    /// jobs table, and running job handles see <c>cancel_job</c> requests. Also registers everything
    /// <see cref="ApiGatewayServiceCollectionExtensions.AddApiGatewayRouteHandler"/> does, for hosts that route and publish.
    /// </summary>
    /// <param name="builder">The builder from <c>AddProgressKit</c>.</param>
    /// <param name="configure">Configures <see cref="ApiGatewayTransportOptions"/>; <see cref="ApiGatewayTransportOptions.Endpoint"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Idempotent: calling it again adds only the extra <paramref name="configure"/> step.</remarks>
    public static IProgressKitBuilder AddApiGatewayTransport(this IProgressKitBuilder builder, Action<ApiGatewayTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddApiGatewayRouteHandler(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiGatewayTransportOptions>>(new ApiGatewayEndpointValidator()));
        if (!services.Any(d => d.ServiceType == typeof(ApiGatewayManagementClient)))
        {
            services
                .AddSigV4HttpClient(ApiGatewayNames.HttpClientName, ApiGatewayNames.SigningService, static sp =>
                {
                    var options = sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>().Value;
                    if (!AwsRegionResolver.TryResolve(options.Region, options.Endpoint, ApiGatewayNames.HostServiceLabel, out var region))
                    {
                        throw new InvalidOperationException($"{ApiGatewayNames.ConfigurationSection}:Region is required.");
                    }

                    return new AwsSigningTarget(DefaultChainCredentials.Resolve(options.Credentials, sp), region);
                })
                .ConfigureHttpClient(static (sp, client) =>
                    client.Timeout = sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>().Value.PostTimeout)
                // One post per connection per event: the factory's per-request Information logs would flood the logs
                // and cost time on the hot path. Failures are logged by the transport and the dispatcher instead.
                .RemoveAllLoggers();
        }

        services.TryAddSingleton(sp => new ApiGatewayManagementClient(
            sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>()));
        services.TryAddSingleton<IManagementApiClient>(sp => sp.GetRequiredService<ApiGatewayManagementClient>());
        builder.AddTransport<ApiGatewayTransport>();
        builder.AddCancellationRequestSource<RegistryCancellationRequestSource>();
        return builder;
    }

    /// <summary>
    /// Keeps the registry in this process's memory (<see cref="InMemoryConnectionRegistry"/>) instead of DynamoDB: for
    /// one process that both runs the route handler and publishes, such as local development. The job stream store is
    /// then the core's in-memory one.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IProgressKitBuilder UseInMemoryConnectionRegistry(this IProgressKitBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(static sp => new InMemoryConnectionRegistry(
            sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>(), sp.GetRequiredService<ProgressKit.Streams.IJobStreamStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IConnectionRegistry>(sp => sp.GetRequiredService<InMemoryConnectionRegistry>()));
        return builder;
    }
}
