using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ProgressKit.LocalServers;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.State;

public sealed class RedisJobStateStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string Prefix = SignalRRedisScaleOutOptions.DefaultKeyPrefix;

    [Fact]
    public async Task Set_ReturnsAtOnce_AndTheBackgroundWriterStoresTheNewestEvent()
    {
        await using var host = new StoreHost(redis.ConnectionString);
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("set");

        var calls = Enumerable.Range(1, 5).Select(seq => host.Store.SetAsync(StoreHost.Event(jobId, seq))).ToList();

        calls.Should().OnlyContain(call => call.IsCompletedSuccessfully);
        await StoreHost.WaitUntilAsync(async () => (long?)await inspector.GetDatabase().HashGetAsync(Key(jobId), "seq") == 5);
        (await host.Store.GetAsync(jobId))!.Sequence.Should().Be(5);
    }

    [Fact]
    public async Task Ensure_AnOlderSeqFromAnotherProcess_NeverOverwritesANewerOne()
    {
        await using var process1 = new StoreHost(redis.ConnectionString);
        await using var process2 = new StoreHost(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("race");

        await process1.Store.EnsureStoredAsync(StoreHost.Event(jobId, 7), CancellationToken.None).AsTask().WithTimeout();
        await process2.Store.EnsureStoredAsync(StoreHost.Event(jobId, 3), CancellationToken.None).AsTask().WithTimeout();

        await using var reader = new StoreHost(redis.ConnectionString);
        (await reader.Store.GetAsync(jobId))!.Sequence.Should().Be(7);
    }

    [Fact]
    public async Task Ensure_StoresTheSnapshotWithTheTimeToLive()
    {
        await using var host = new StoreHost(redis.ConnectionString, o => o.SnapshotTimeToLive = TimeSpan.FromMinutes(3));
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("ttl");

        await host.Store.EnsureStoredAsync(StoreHost.Event(jobId, 1), CancellationToken.None).AsTask().WithTimeout();

        var ttl = await inspector.GetDatabase().KeyTimeToLiveAsync(Key(jobId));
        ttl.Should().BeGreaterThan(TimeSpan.FromMinutes(2)).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task Ensure_PastMaxSnapshots_EvictsTheLeastRecentlyPublishedJobs()
    {
        await using var server = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await using var host = new StoreHost(server.ConnectionString, o => o.MaxSnapshots = 3);
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var start = DateTimeOffset.UtcNow;
        var jobIds = Enumerable.Range(0, 5).Select(i => $"bounded-{i}").ToList();

        for (var i = 0; i < jobIds.Count; i++)
        {
            await host.Store.EnsureStoredAsync(StoreHost.Event(jobIds[i], 1, start.AddSeconds(i)), CancellationToken.None).AsTask().WithTimeout();
        }

        var database = inspector.GetDatabase();
        (await database.SortedSetLengthAsync(Prefix + "{snapshots}:index")).Should().Be(3);
        (await database.KeyExistsAsync(Key(jobIds[0]))).Should().BeFalse();
        (await database.KeyExistsAsync(Key(jobIds[1]))).Should().BeFalse();
        (await database.KeyExistsAsync(Key(jobIds[4]))).Should().BeTrue();
    }

    [Fact]
    public async Task Get_RedisDown_AnswersFromMemoryForJobsKnownHere_AndFailsForOthers()
    {
        await using var server = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await using var host = new StoreHost(server.ConnectionString);
        var jobId = ClusterFixture.NewJobId("fallback");
        await host.Store.EnsureStoredAsync(StoreHost.Event(jobId, 1), CancellationToken.None).AsTask().WithTimeout();
        await server.StopAsync().WithTimeout();

        await host.Store.SetAsync(StoreHost.Event(jobId, 2));
        var known = await host.Store.GetAsync(jobId).WithTimeout();
        var unknown = () => host.Store.GetAsync("never-published").AsTask();

        known!.Sequence.Should().Be(2);
        await unknown.Should().ThrowAsync<Exception>().WithTimeout();
    }

    [Fact]
    public async Task RedisRestartedEmpty_TheJobsKnownHereAreStoredAgain()
    {
        await using var server = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await using var host = new StoreHost(server.ConnectionString);
        var jobId = ClusterFixture.NewJobId("rewrite");
        await host.Store.EnsureStoredAsync(StoreHost.Event(jobId, 4), CancellationToken.None).AsTask().WithTimeout();

        await server.RestartAsync().WithTimeout(TestTimeouts.ServerStart);

        await using var inspector = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await StoreHost.WaitUntilAsync(async () => (long?)await inspector.GetDatabase().HashGetAsync(Key(jobId), "seq") == 4);
    }

    [Fact]
    public async Task ManyJobsWhileRedisIsDown_StayWithinMaxLocalJobs_AndTheDroppedAreCounted()
    {
        await using var server = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await server.StopAsync().WithTimeout();
        await using var host = new StoreHost(server.ConnectionString, o => o.MaxLocalJobs = 10);
        using var dropped = new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "ProgressKit.Redis", "progresskit.redis.snapshot.dropped");

        for (var i = 0; i < 30; i++)
        {
            await host.Store.SetAsync(StoreHost.Event($"pending-{i}", 1));
        }

        // Eviction runs in the background once the bound is passed; it settles at or below the bound.
        await StoreHost.WaitUntilAsync(() => Task.FromResult(
            host.Store.LocalCount <= 10 && dropped.GetMeasurementSnapshot().Sum(m => m.Value) == 30 - host.Store.LocalCount));
        host.Store.LocalCount.Should().BeGreaterThan(0);
    }

    private static RedisKey Key(string jobId) => $"{Prefix}{{snapshots}}:job:{jobId}";
}
