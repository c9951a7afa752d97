using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.FanOut;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Tests.Registry;

public sealed class InMemoryConnectionRegistryTests : ConnectionRegistryContractTests, IDisposable
{
    private ServiceProvider? _core;
    private InMemoryConnectionRegistry? _registry;

    public void Dispose() => _core?.Dispose();

    protected override Task<IConnectionRegistry> CreateRegistryAsync()
    {
        Options.TimeProvider = Time;
        _core = new ServiceCollection().AddProgressKit(o => o.TimeProvider = Time).Services.BuildServiceProvider();
        _registry = new InMemoryConnectionRegistry(Microsoft.Extensions.Options.Options.Create(Options), Store);
        return Task.FromResult<IConnectionRegistry>(_registry);
    }

    // The core's in-memory store, which a process with the in-memory registry publishes into.
    private IJobStreamStore Store => _core!.GetRequiredService<IJobStreamStore>();

    protected override async Task<long> RecordEventAsync(ProgressEvent progressEvent)
    {
        Store.Append(progressEvent);
        return await new RegistryVersionBarrier(_registry!).WaitAsync(progressEvent, default);
    }

    protected override async Task<ProgressEvent?> ReadSnapshotAsync(string jobId) => await Store.GetSnapshotAsync(jobId);

    [Fact]
    public async Task RequestCancellation_WithoutAStore_TakesTheCallersWordThatTheJobIsKnown()
    {
        var registry = new InMemoryConnectionRegistry(Microsoft.Extensions.Options.Options.Create(Options));

        (await registry.RequestCancellationAsync("job-1", default)).Should().BeTrue();

        (await registry.IsCancellationRequestedAsync("job-1", default)).Should().BeTrue();
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
