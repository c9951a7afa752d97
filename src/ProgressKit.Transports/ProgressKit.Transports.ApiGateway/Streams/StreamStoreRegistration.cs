using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.FanOut;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>
/// Registers the job stream store the API Gateway package serves from: the DynamoDB one when the registry in effect is
/// the DynamoDB registry, else the store registered before (the core's in-memory one); and the transport's barrier.
/// </summary>
internal static class StreamStoreRegistration
{
    /// <summary>The factory of the DynamoDB registry's <see cref="IConnectionRegistry"/> registration, to recognise it.</summary>
    public static readonly Func<IServiceProvider, object> DynamoDbRegistry = static sp => sp.GetRequiredService<DynamoDbConnectionRegistry>();

    public static void Register(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(LocalJobStreamStore)))
        {
            return;
        }

        // Makes sure the core's in-memory store is registered (idempotent), whichever was called first; it, or the
        // application's own store, becomes this process's copy.
        services.AddProgressKit();
        var local = services.Last(static d => d.ServiceType == typeof(IJobStreamStore));
        services.AddSingleton(sp => new LocalJobStreamStore(Create(sp, local)));
        services.TryAddSingleton(static sp =>
        {
            var core = sp.GetRequiredService<IOptions<ProgressKitOptions>>().Value;
            var apiGateway = sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>().Value;
            return new DynamoDbJobStreamStore(
                sp.GetRequiredService<LocalJobStreamStore>().Store,
                StoreSettings.From(core, apiGateway),
                sp.GetRequiredService<DynamoDbClientHolder>(),
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<DynamoDbJobStreamStore>(),
                sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        });

        // Decided on first resolve, from the registrations as they are then, so the order of AddApiGatewayRouteHandler,
        // UseInMemoryConnectionRegistry and an application's own registry does not matter; it never resolves the
        // registry (which may depend on the store).
        services.Replace(ServiceDescriptor.Singleton<IJobStreamStore>(sp => UsesDynamoDb(services)
            ? sp.GetRequiredService<DynamoDbJobStreamStore>()
            : sp.GetRequiredService<LocalJobStreamStore>().Store));
        services.TryAddSingleton<IStreamWriteBarrier>(static sp =>
        {
            if (sp.GetRequiredService<IJobStreamStore>() is DynamoDbJobStreamStore dynamoDb)
            {
                var timeout = sp.GetRequiredService<IOptions<ApiGatewayTransportOptions>>().Value.StreamStore.OperationTimeout;
                return new DynamoDbStreamBarrier(dynamoDb, timeout, sp.GetRequiredService<IOptions<ProgressKitOptions>>().Value.TimeProvider);
            }

            return new RegistryVersionBarrier(sp.GetRequiredService<IConnectionRegistry>());
        });
    }

    private static bool UsesDynamoDb(IServiceCollection services) =>
        services.LastOrDefault(static d => d.ServiceType == typeof(IConnectionRegistry)) is { } registry
        && ReferenceEquals(registry.ImplementationFactory, DynamoDbRegistry);

    private static IJobStreamStore Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        (IJobStreamStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
