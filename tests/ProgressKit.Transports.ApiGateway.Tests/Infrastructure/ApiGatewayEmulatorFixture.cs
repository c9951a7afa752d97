using Microsoft.Extensions.DependencyInjection;
using ProgressKit.LocalServers;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>
/// One dynalite, one route backend, one serverless-offline (API Gateway WebSocket emulator) forwarding to it, and one
/// fault proxy in front of the emulator's management API, shared by the end-to-end tests; the tables are provisioned
/// once. Each test builds its own ProgressKit services and plugs its route handler into <see cref="Backend"/>.
/// </summary>
public sealed class ApiGatewayEmulatorFixture : IAsyncLifetime
{
    private DynaliteServer? _dynalite;
    private ServerlessOfflineServer? _emulator;

    internal RouteBackend Backend { get; private set; } = null!;

    internal FaultProxy Proxy { get; private set; } = null!;

    public Uri DynamoDbUrl => _dynalite!.ServiceUrl;

    public Uri WebSocketUrl => _emulator!.WebSocketUrl;

    public Uri ManagementEndpoint => _emulator!.ManagementEndpoint;

    public async Task InitializeAsync()
    {
        using var timeout = TestTimeouts.CreateTokenSource(TestTimeouts.FirstServerStart);
        var dynalite = DynaliteServer.StartAsync(timeout.Token);
        Backend = await RouteBackend.StartAsync();
        _emulator = await ServerlessOfflineLauncher.StartAsync(Backend.Url, timeout.Token);
        _dynalite = await dynalite;
        Proxy = await FaultProxy.StartAsync(_emulator.ManagementEndpoint);
        await using var services = ServiceHarness.Build(o =>
        {
            o.Endpoint = ManagementEndpoint;
            o.Registry.ServiceUrl = DynamoDbUrl;
        });
        await services.GetRequiredService<ConnectionRegistryProvisioner>().EnsureTablesAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        if (Backend is not null)
        {
            await Backend.DisposeAsync();
        }

        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiGatewayEmulatorCollection : ICollectionFixture<ApiGatewayEmulatorFixture>
{
    public const string Name = "API Gateway emulator";
}
