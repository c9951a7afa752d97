using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Routing;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.EndToEnd;

/// <summary>
/// Wires one test to the shared emulators: its own ProgressKit services (publisher, transport, DynamoDB registry on
/// dynalite) and its route handler behind serverless-offline; WebSocket clients are closed after the test.
/// </summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<WebSocketTestClient> _clients = [];

    private protected EmulatorTestBase(ApiGatewayEmulatorFixture fixture)
    {
        Fixture = fixture;
        fixture.Proxy.Reset();
        fixture.Backend.LoseDisconnects = false;
    }

    private protected ApiGatewayEmulatorFixture Fixture { get; }

    private protected FaultProxy Proxy => Fixture.Proxy;

    protected static string NewJobId() => "job-" + Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    /// <summary>Builds the services and routes the emulator's events to their handler.</summary>
    private protected ServiceProvider Start(bool viaProxy = false, Action<ApiGatewayTransportOptions>? configure = null, Action<ProgressKitOptions>? core = null)
    {
        var services = ServiceHarness.Build(
            o =>
            {
                o.Endpoint = viaProxy ? Fixture.Proxy.Url : Fixture.ManagementEndpoint;
                o.Registry.ServiceUrl = Fixture.DynamoDbUrl;
                configure?.Invoke(o);
            },
            core);
        Fixture.Backend.Handler = services.GetRequiredService<ApiGatewayRouteHandler>();
        _providers.Add(services);
        return services;
    }

    private protected async Task<WebSocketTestClient> ConnectAsync(string? user, string? tenant = null)
    {
        var client = await WebSocketTestClient.ConnectAsync(Fixture.WebSocketUrl, user, tenant);
        _clients.Add(client);
        return client;
    }

    private protected static async Task SubscribeAsync(WebSocketTestClient client, string jobId)
    {
        var reply = await client.RequestAsync(new { action = "subscribe", job_id = jobId });
        reply.GetProperty("type").GetString().Should().Be("subscribed");
    }

    private protected static IConnectionRegistry Registry(IServiceProvider services) => services.GetRequiredService<IConnectionRegistry>();
}
