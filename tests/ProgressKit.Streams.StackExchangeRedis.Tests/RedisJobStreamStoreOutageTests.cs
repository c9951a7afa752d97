namespace ProgressKit.Streams.StackExchangeRedis.Tests;

/// <summary>Redis away and back. Each test stops the server, so each has a redis-server of its own.</summary>
public sealed class RedisJobStreamStoreOutageTests : IAsyncLifetime
{
    private readonly RedisFixture _redis = new();
    private readonly string _prefix = StoreProcess.NewPrefix();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task RedisDown_AppendNeverThrows_ReadsAnswerFromTheLocalCopy_WritesResumeWhenRedisIsBack()
    {
        await using var publisher = Process();
        await using var reader = Process();
        var job = new JobScript("job-outage");
        using var timeout = TestTimeouts.CreateTokenSource();
        await _redis.Server.StopAsync(timeout.Token);

        var append = () => publisher.Append(job.Next(), job.Chunk("kept "), job.Chunk("locally"));
        append.Should().NotThrow();
        var whileDown = await publisher.Store.ReadAsync("job-outage", JobScript.Cursor(1));
        await _redis.Server.ResumeAsync(timeout.Token);
        await publisher.FlushAsync();
        var afterwards = await reader.Store.ReadAsync("job-outage", JobScript.Cursor(0));
        var state = await reader.Store.GetStateAsync("job-outage");

        whileDown.Outcome.Should().Be(ResumeOutcome.Gapless);
        whileDown.Events.Select(e => e.Sequence).Should().Equal(2, 3);
        StoreProcess.Sum(publisher.Reads, "source", "fallback").Should().BeGreaterThan(0);
        StoreProcess.Sum(publisher.Writes, "outcome", "failed").Should().BeGreaterThan(0);
        afterwards.Outcome.Should().Be(ResumeOutcome.Gapless);
        afterwards.Events.Select(e => e.Sequence).Should().Equal(1, 2, 3);
        state!.Streams["output"].Text.Should().Be("kept locally");
    }

    [Fact]
    public async Task WriteQueueFull_DropsAreCounted_AndTheSharedLogStartsAfreshAfterTheGap()
    {
        await using var publisher = Process(o => o.WriteQueueCapacity = 1);
        await using var reader = Process();
        var job = new JobScript("job-full");
        using var timeout = TestTimeouts.CreateTokenSource();
        await _redis.Server.StopAsync(timeout.Token);

        // The writer holds at most one event while Redis is away and the queue one more: at least three are dropped.
        var append = () => publisher.Append(job.Next(), job.Next(), job.Next(), job.Next(), job.Next());
        append.Should().NotThrow();
        await _redis.Server.ResumeAsync(timeout.Token);
        await publisher.FlushAsync();
        publisher.Append(job.Next());
        await publisher.FlushAsync();
        var acrossTheGap = await reader.Store.ReadAsync("job-full", JobScript.Cursor(2));
        var local = await publisher.Store.ReadAsync("job-full", JobScript.Cursor(2));

        StoreProcess.Sum(publisher.Dropped, "reason", "queue_full").Should().BeGreaterThanOrEqualTo(3);
        acrossTheGap.Outcome.Should().Be(ResumeOutcome.Truncated);
        acrossTheGap.State!.Snapshot.Sequence.Should().Be(6);
        local.Outcome.Should().Be(ResumeOutcome.Gapless, "this process's copy holds every event, and Redis holds no newer one");
        local.Events.Select(e => e.Sequence).Should().Equal(3, 4, 5, 6);
    }

    private StoreProcess Process(Action<RedisJobStreamStoreOptions>? redis = null) => new(_redis.ConnectionString, _prefix, bounds: null, o =>
    {
        o.OperationTimeout = TimeSpan.FromMilliseconds(500);
        o.ConnectTimeout = TimeSpan.FromMilliseconds(500);
        o.RetryDelay = TimeSpan.FromMilliseconds(50);
        redis?.Invoke(o);
    });
}
