using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Tests.Registry;

public sealed class InMemoryConnectionRegistryTests : ConnectionRegistryContractTests
{
    protected override Task<IConnectionRegistry> CreateRegistryAsync()
    {
        Options.TimeProvider = Time;
        return Task.FromResult<IConnectionRegistry>(new InMemoryConnectionRegistry(Microsoft.Extensions.Options.Options.Create(Options)));
    }

    [Fact]
    public async Task AddConnection_AfterTheTimeToLive_PurgesExpiredItems()
    {
        var registry = (InMemoryConnectionRegistry)await CreateRegistryAsync();
        var old = new ApiGatewayConnection("old", "alice", null);
        await registry.AddConnectionAsync(old, default);
        await registry.SubscribeAsync(old, "job-1", default);

        registry.ItemCount.Should().Be(3, "a connection, its subscription and the job's subscription version");

        Time.Advance(Options.Registry.ConnectionTimeToLive + TimeSpan.FromMinutes(2));
        await registry.AddConnectionAsync(new ApiGatewayConnection("new", "alice", null), default);

        registry.ItemCount.Should().Be(2, "the expired connection and its subscription were purged, not only hidden (the job lives longer)");
    }
}
