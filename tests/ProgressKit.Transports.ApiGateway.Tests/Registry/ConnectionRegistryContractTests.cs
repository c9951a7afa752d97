using Microsoft.Extensions.Time.Testing;
using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.Registry;

/// <summary>What every <see cref="IConnectionRegistry"/> must do; run against the in-memory and the DynamoDB registry.</summary>
public abstract class ConnectionRegistryContractTests
{
    protected FakeTimeProvider Time { get; } = new(TestEvents.Epoch);

    protected ApiGatewayTransportOptions Options { get; } = new();

    protected abstract Task<IConnectionRegistry> CreateRegistryAsync();

    /// <summary>
    /// Publishes an event into the job stream store the registry goes with (where the route handler reads snapshots and
    /// which makes a job known) and returns the job's subscription version as the transport's barrier gets it.
    /// </summary>
    protected abstract Task<long> RecordEventAsync(ProgressEvent progressEvent);

    /// <summary>Reads the job's snapshot from that store, as the route handler does.</summary>
    protected abstract Task<ProgressEvent?> ReadSnapshotAsync(string jobId);

    [Fact]
    public async Task AddConnection_ThenGet_ReturnsItWithIdentity()
    {
        var registry = await CreateRegistryAsync();
        var connection = new ApiGatewayConnection("c1", "alice", "acme");

        await registry.AddConnectionAsync(connection, default);

        (await registry.GetConnectionAsync("c1", default)).Should().Be(connection);
        (await registry.GetConnectionAsync("unknown", default)).Should().BeNull();
    }

    [Fact]
    public async Task GetConnection_PastItsTimeToLive_IsIgnored()
    {
        var registry = await CreateRegistryAsync();
        await registry.AddConnectionAsync(new ApiGatewayConnection("c1", "alice", null), default);

        Time.Advance(Options.Registry.ConnectionTimeToLive + TimeSpan.FromSeconds(1));

        (await registry.GetConnectionAsync("c1", default)).Should().BeNull();
    }

    [Fact]
    public async Task Subscribe_ThenGetJobSubscribers_ReturnsTheConnectionsOfThatJobOnly()
    {
        var registry = await CreateRegistryAsync();
        var alice = await ConnectAsync(registry, "c1", "alice");
        var anonymous = await ConnectAsync(registry, "c2", null);

        await registry.SubscribeAsync(alice, "job-1", default);
        await registry.SubscribeAsync(anonymous, "job-1", default);
        await registry.SubscribeAsync(alice, "job-2", default);

        (await registry.GetJobSubscribersAsync("job-1", default)).Should().BeEquivalentTo([alice, anonymous]);
        (await registry.GetJobSubscribersAsync("job-3", default)).Should().BeEmpty();
    }

    [Fact]
    public async Task GetJobSubscribers_ExpiredSubscription_IsIgnored()
    {
        var registry = await CreateRegistryAsync();
        var alice = await ConnectAsync(registry, "c1", "alice");
        await registry.SubscribeAsync(alice, "job-1", default);

        Time.Advance(Options.Registry.ConnectionTimeToLive + TimeSpan.FromSeconds(1));

        (await registry.GetJobSubscribersAsync("job-1", default)).Should().BeEmpty();
    }

    [Fact]
    public async Task Unsubscribe_RemovesOnlyThatSubscription()
    {
        var registry = await CreateRegistryAsync();
        var alice = await ConnectAsync(registry, "c1", "alice");
        await registry.SubscribeAsync(alice, "job-1", default);
        await registry.SubscribeAsync(alice, "job-2", default);

        await registry.UnsubscribeAsync("c1", "job-1", default);
        await registry.UnsubscribeAsync("c1", "never-subscribed", default);

        (await registry.GetJobSubscribersAsync("job-1", default)).Should().BeEmpty();
        (await registry.GetJobSubscribersAsync("job-2", default)).Should().ContainSingle();
    }

    [Fact]
    public async Task RemoveConnection_RemovesItAndEverySubscription()
    {
        var registry = await CreateRegistryAsync();
        var alice = await ConnectAsync(registry, "c1", "alice");
        var other = await ConnectAsync(registry, "c2", "alice");
        for (var i = 0; i < 30; i++)
        {
            await registry.SubscribeAsync(alice, $"job-{i}", default);
        }

        await registry.SubscribeAsync(other, "job-0", default);
        await registry.SubscribeToUserJobsAsync(alice, default);

        await registry.RemoveConnectionAsync("c1", default);
        await registry.RemoveConnectionAsync("never-connected", default);

        (await registry.GetConnectionAsync("c1", default)).Should().BeNull();
        for (var i = 0; i < 30; i++)
        {
            (await registry.GetJobSubscribersAsync($"job-{i}", default)).Should().NotContain(c => c.ConnectionId == "c1");
        }

        (await registry.GetJobSubscribersAsync("job-0", default)).Should().ContainSingle().Which.ConnectionId.Should().Be("c2");
        (await registry.GetUserSubscribersAsync("alice", null, default)).Should().BeEmpty();
    }

    [Fact]
    public async Task GetUserSubscribers_MatchesUserAndTenantExactly()
    {
        var registry = await CreateRegistryAsync();
        var plain = await ConnectAsync(registry, "c1", "alice");
        var tenant = await ConnectAsync(registry, "c2", "alice", "acme");
        var notSubscribed = await ConnectAsync(registry, "c3", "alice");
        var bob = await ConnectAsync(registry, "c4", "bob");

        await registry.SubscribeToUserJobsAsync(plain, default);
        await registry.SubscribeToUserJobsAsync(tenant, default);
        await registry.SubscribeToUserJobsAsync(bob, default);

        (await registry.GetUserSubscribersAsync("alice", null, default)).Should().BeEquivalentTo([plain]);
        (await registry.GetUserSubscribersAsync("alice", "acme", default)).Should().BeEquivalentTo([tenant]);
        (await registry.GetUserSubscribersAsync("carol", null, default)).Should().BeEmpty();
        notSubscribed.UserId.Should().Be("alice");
    }

    [Fact]
    public async Task RecordEvent_OlderSequence_KeepsTheNewer()
    {
        var registry = await CreateRegistryAsync();

        await RecordEventAsync(TestEvents.Progress("job-1", 5, progress: 50));
        await RecordEventAsync(TestEvents.Progress("job-1", 4, progress: 40));
        await RecordEventAsync(TestEvents.Progress("job-1", 5, progress: 50));

        (await ReadSnapshotAsync("job-1")).Should().BeEquivalentTo(TestEvents.Progress("job-1", 5, progress: 50));
        (await ReadSnapshotAsync("job-2")).Should().BeNull();
    }

    [Fact]
    public async Task RecordEvent_ReturnsASubscriptionVersionThatEverySubscribeChanges()
    {
        var registry = await CreateRegistryAsync();
        var alice = await ConnectAsync(registry, "c1", "alice");
        var first = await RecordEventAsync(TestEvents.Progress("job-1", 1));
        (await RecordEventAsync(TestEvents.Progress("job-1", 2))).Should().Be(first);

        await registry.SubscribeAsync(alice, "job-1", default);
        var second = await RecordEventAsync(TestEvents.Progress("job-1", 3));
        await registry.SubscribeAsync(alice, "job-1", default);
        var third = await RecordEventAsync(TestEvents.Progress("job-1", 4));

        new[] { first, second, third }.Should().OnlyHaveUniqueItems().And.OnlyContain(v => v >= 0);
    }

    [Fact]
    public async Task Subscribe_BeforeTheJobExists_LeavesTheJobUnknown()
    {
        var registry = await CreateRegistryAsync();
        var alice = await ConnectAsync(registry, "c1", "alice");

        await registry.SubscribeAsync(alice, "job-1", default);

        (await ReadSnapshotAsync("job-1")).Should().BeNull();
        (await registry.RequestCancellationAsync("job-1", default)).Should().BeFalse();
        (await RecordEventAsync(TestEvents.Progress("job-1", 1))).Should().BeGreaterThanOrEqualTo(0);
        (await ReadSnapshotAsync("job-1"))!.Sequence.Should().Be(1);
    }

    [Fact]
    public async Task ReadSnapshot_PastTheJobTimeToLive_IsIgnored()
    {
        var registry = await CreateRegistryAsync();
        await RecordEventAsync(TestEvents.Progress("job-1", 1));

        Time.Advance(Options.Registry.JobTimeToLive + TimeSpan.FromSeconds(1));

        (await ReadSnapshotAsync("job-1")).Should().BeNull();
        (await registry.RequestCancellationAsync("job-1", default)).Should().BeFalse();
    }

    [Fact]
    public async Task RequestCancellation_KnownJob_SetsTheFlagWhichSurvivesLaterEvents()
    {
        var registry = await CreateRegistryAsync();
        await RecordEventAsync(TestEvents.Progress("job-1", 1));
        (await registry.IsCancellationRequestedAsync("job-1", default)).Should().BeFalse();

        (await registry.RequestCancellationAsync("job-1", default)).Should().BeTrue();
        await RecordEventAsync(TestEvents.Progress("job-1", 2));

        (await registry.IsCancellationRequestedAsync("job-1", default)).Should().BeTrue();
        (await ReadSnapshotAsync("job-1"))!.Sequence.Should().Be(2);
    }

    [Fact]
    public async Task RequestCancellation_UnknownJob_ReturnsFalseAndSetsNothing()
    {
        var registry = await CreateRegistryAsync();

        (await registry.RequestCancellationAsync("job-x", default)).Should().BeFalse();
        (await registry.IsCancellationRequestedAsync("job-x", default)).Should().BeFalse();
        (await ReadSnapshotAsync("job-x")).Should().BeNull();
    }

    private static async Task<ApiGatewayConnection> ConnectAsync(IConnectionRegistry registry, string id, string? userId, string? tenantId = null)
    {
        var connection = new ApiGatewayConnection(id, userId, tenantId);
        await registry.AddConnectionAsync(connection, default);
        return connection;
    }
}
