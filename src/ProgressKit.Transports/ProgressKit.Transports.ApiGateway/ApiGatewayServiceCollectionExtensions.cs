using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Routing;
using ProgressKit.Transports.ApiGateway.Streams;

namespace ProgressKit.Transports.ApiGateway;

/// <summary>Registers the API Gateway route handler for hosts that only run routes (for example a Lambda function).</summary>
public static class ApiGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ApiGatewayRouteHandler"/>, the DynamoDB <see cref="IConnectionRegistry"/>, the default
    /// <see cref="IJobAccessPolicy"/>, <see cref="ConnectionRegistryProvisioner"/> and the job stream store snapshots are
    /// read from: while the registry is DynamoDB, the DynamoDB job stream store (each job's stream in its item of the
    /// jobs table, replacing the core's default <see cref="IJobStreamStore"/>, which stays as this process's copy);
    /// otherwise the core's in-memory store. Registers the core (<c>AddProgressKit</c>, idempotent) if it is not yet.
    /// No management endpoint is needed: replies travel in the route response.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="ApiGatewayTransportOptions"/> (registry, identity, limits).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>Idempotent: calling it again adds only the extra <paramref name="configure"/> step. The options are validated
    /// on start, or on the first resolve in a host without a generic host (a Lambda function).</remarks>
    public static IServiceCollection AddApiGatewayRouteHandler(this IServiceCollection services, Action<ApiGatewayTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ApiGatewayTransportOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiGatewayTransportOptions>, ApiGatewayTransportOptionsValidator>());
        services.TryAddSingleton(sp => new DynamoDbClientHolder(sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>()));
        services.TryAddSingleton(sp => new DynamoDbConnectionRegistry(
            sp.GetRequiredService<DynamoDbClientHolder>(), sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>()));
        services.TryAdd(ServiceDescriptor.Singleton(typeof(IConnectionRegistry), StreamStoreRegistration.DynamoDbRegistry));
        StreamStoreRegistration.Register(services);
        services.TryAddSingleton(sp => new ConnectionRegistryProvisioner(
            sp.GetRequiredService<DynamoDbClientHolder>(),
            sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>(),
            LoggerFor<ConnectionRegistryProvisioner>(sp)));
        services.TryAddSingleton<IJobAccessPolicy, OwnerJobAccessPolicy>();
        services.TryAddSingleton(sp => new ApiGatewayRouteHandler(
            sp.GetRequiredService<IConnectionRegistry>(),
            sp.GetRequiredService<IJobStreamStore>(),
            sp.GetRequiredService<IJobAccessPolicy>(),
            sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>(),
            LoggerFor<ApiGatewayRouteHandler>(sp)));
        return services;
    }

    // The application's logger factory when it has one (registered before or after this call), else nothing: the
    // route handler never registers a logger factory of its own, which would silence the application's logs.
    private static ILogger<T> LoggerFor<T>(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<T>();
}
