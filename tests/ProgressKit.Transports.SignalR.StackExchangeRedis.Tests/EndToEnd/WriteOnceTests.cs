using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>One store: an event published in a worker process is written to Redis once, to the shared job stream log.</summary>
public sealed class WriteOnceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task EventsPublishedInAWorker_AreEachWrittenToRedisOnce_AndOnlyToTheJobsStreamKeys()
    {
        await using var worker = await WorkerProcess.StartAsync(redis.ConnectionString);
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("once");

        await worker.SendAsync($"run {jobId} alice 3 0");
        await worker.WaitForLineAsync($"completed {jobId}");
        await worker.FlushAsync();

        var database = inspector.GetDatabase();
        var prefix = $"{SignalRRedisScaleOutOptions.DefaultKeyPrefix}{{streams}}:job:{jobId}";
        var published = (long)await database.HashGetAsync(prefix + ":meta", "seq");
        var keys = inspector.GetServer(inspector.GetEndPoints().Single()).Keys(pattern: $"*{jobId}*").Select(k => k.ToString()).ToArray();
        published.Should().BeGreaterThan(10, "the job has stages, agents, progress, chunks and its terminal event");
        (await database.ListLengthAsync(prefix + ":log")).Should().Be(published);
        keys.Should().BeEquivalentTo([prefix + ":meta", prefix + ":log", prefix + ":text"], "no snapshot key of its own: the job's newest event is read from the log's meta");

        // The worker's writer counts every write Redis answered: one stored write per event, none refused as a repeat.
        var id = Guid.NewGuid().ToString("N");
        await worker.SendAsync($"writes {id}");
        await worker.WaitForLineAsync($"writes {id} stored={published} refused=0 failed=0");
    }
}
