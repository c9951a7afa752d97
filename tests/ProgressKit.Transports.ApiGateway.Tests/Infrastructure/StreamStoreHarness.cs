using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Streams;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>
/// One process's DynamoDB job stream store on dynalite: its own local copy (the core's in-memory store), the registry
/// on the same tables, captured logs and metrics. Two harnesses on one table prefix are two processes sharing a job.
/// </summary>
internal sealed class StreamStoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ServiceProvider _localServices;

    private StreamStoreHarness(ServiceProvider services, ServiceProvider localServices, DynamoDbJobStreamStore store)
    {
        _services = services;
        _localServices = localServices;
        Store = store;
        Meters = localServices.GetRequiredService<IMeterFactory>();
    }

    public DynamoDbJobStreamStore Store { get; }

    /// <summary>Gets the store's local copy: appending here alone stands for an event whose write is still in flight.</summary>
    public IJobStreamStore Local => _localServices.GetRequiredService<IJobStreamStore>();

    public IConnectionRegistry Registry => _services.GetRequiredService<IConnectionRegistry>();

    public IMeterFactory Meters { get; }

    public FakeLogCollector Logs => _localServices.GetFakeLogCollector();

    public static async Task<StreamStoreHarness> StartAsync(
        Uri serviceUrl,
        string tablePrefix,
        Action<JobStreamStoreOptions>? bounds = null,
        Action<ApiGatewayTransportOptions>? configure = null,
        bool provision = true)
    {
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddApiGatewayRouteHandler(o =>
        {
            o.Region = "us-east-1";
            o.Credentials = TestCredentials.Basic;
            o.Registry.ServiceUrl = serviceUrl;
            o.Registry.ConnectionsTableName = tablePrefix + "-connections";
            o.Registry.SubscriptionsTableName = tablePrefix + "-subscriptions";
            o.Registry.JobsTableName = tablePrefix + "-jobs";
            o.StreamStore.RetryDelay = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        if (provision)
        {
            await provider.GetRequiredService<ConnectionRegistryProvisioner>().EnsureTablesAsync().WithTimeout();
        }

        var local = new ServiceCollection();
        local.AddFakeLogging();
        local.AddMetrics();
        local.AddProgressKit(o => bounds?.Invoke(o.Streams));
        var localProvider = local.BuildServiceProvider();
        var core = localProvider.GetRequiredService<IOptions<ProgressKitOptions>>().Value;
        var apiGateway = provider.GetRequiredService<IOptions<ApiGatewayTransportOptions>>().Value;
        var store = new DynamoDbJobStreamStore(
            localProvider.GetRequiredService<IJobStreamStore>(),
            StoreSettings.From(core, apiGateway),
            provider.GetRequiredService<DynamoDbClientHolder>(),
            localProvider.GetRequiredService<ILogger<DynamoDbJobStreamStore>>(),
            localProvider.GetRequiredService<IMeterFactory>());
        return new StreamStoreHarness(provider, localProvider, store);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _localServices.DisposeAsync();
        await _services.DisposeAsync();
    }
}
