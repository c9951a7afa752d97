using Microsoft.Extensions.Diagnostics.Metrics.Testing;

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

        // Once the writer has failed to write #1, it retries that batch and reads nothing more until Redis answers, so
        // the queue holds exactly one of the next five (#2) and the other four are dropped.
        publisher.Append(job.Next());
        while (StoreProcess.Sum(publisher.Writes, "outcome", "failed") == 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        var append = () => publisher.Append(job.Next(), job.Next(), job.Next(), job.Next(), job.Next());
        append.Should().NotThrow();
        await _redis.Server.ResumeAsync(timeout.Token);
        await publisher.FlushAsync();
        publisher.Append(job.Next());
        await publisher.FlushAsync();
        var acrossTheGap = await reader.Store.ReadAsync("job-full", JobScript.Cursor(2));
        var local = await publisher.Store.ReadAsync("job-full", JobScript.Cursor(2));

        StoreProcess.Sum(publisher.Dropped, "reason", "queue_full").Should().Be(4);
        acrossTheGap.Outcome.Should().Be(ResumeOutcome.Truncated, "Redis lacks #3 to #6");
        acrossTheGap.State!.Snapshot.Sequence.Should().Be(7);
        local.Outcome.Should().Be(ResumeOutcome.Gapless, "this process's copy holds every event, and Redis holds no newer one");
        local.Events.Select(e => e.Sequence).Should().Equal(3, 4, 5, 6, 7);
    }

    [Fact]
    public async Task RedisDown_ReadsAnswerFromTheLocalCopyForJobsKnownHere_AndFailForOthers()
    {
        await using var publisher = Process();
        var job = new JobScript("job-known");
        publisher.Append(job.Next());
        await publisher.FlushAsync();
        using var timeout = TestTimeouts.CreateTokenSource();
        await _redis.Server.StopAsync(timeout.Token);

        publisher.Append(job.Progress());
        var known = await publisher.Store.GetStateAsync("job-known");
        var unknownState = () => publisher.Store.GetStateAsync("job-never-published").AsTask();
        var unknownResume = () => publisher.Store.ReadAsync("job-never-published", JobScript.Cursor(1)).AsTask();

        var knownSnapshot = await publisher.Store.GetSnapshotAsync("job-known");
        var unknownSnapshot = () => publisher.Store.GetSnapshotAsync("job-never-published").AsTask();

        known!.Snapshot.Sequence.Should().Be(2);
        knownSnapshot!.Sequence.Should().Be(2);
        await unknownState.Should().ThrowAsync<InvalidOperationException>("Redis cannot be read and this process's copy does not know the job: 'unknown' would be a guess");
        await unknownResume.Should().ThrowAsync<InvalidOperationException>();
        await unknownSnapshot.Should().ThrowAsync<InvalidOperationException>();
        StoreProcess.Sum(publisher.Reads, "source", "fallback").Should().Be(5);
    }

    [Fact]
    public async Task RedisRestartedEmpty_ARunningJobsNextEventPutsItBack_AQuietJobIsNotWrittenAgain()
    {
        await using var publisher = Process();
        await using var reader = Process();
        var running = new JobScript("job-running");
        var quiet = new JobScript("job-quiet");
        publisher.Append(running.Next(), running.Next(), quiet.Next());
        await publisher.FlushAsync();
        using var timeout = TestTimeouts.CreateTokenSource();

        await _redis.Server.RestartAsync(timeout.Token);
        publisher.Append(running.Next());
        await publisher.FlushAsync();
        var state = await reader.Store.GetStateAsync("job-running");
        var acrossTheLoss = await reader.Store.ReadAsync("job-running", JobScript.Cursor(1));
        var lost = await reader.Store.GetStateAsync("job-quiet");

        state!.Snapshot.Sequence.Should().Be(3);
        acrossTheLoss.Outcome.Should().Be(ResumeOutcome.Truncated, "Redis lost events 1 and 2, and its log starts afresh at 3");
        lost.Should().BeNull("the store writes each event once: a job that publishes nothing after Redis lost it is known only to the processes that hold it");
        (await publisher.Store.GetStateAsync("job-quiet"))!.Snapshot.Sequence.Should().Be(1);
    }

    [Fact]
    public async Task ManyJobsWhileRedisIsDown_TheLocalCopyStaysWithinMaxJobs_AndWhatIsNotQueuedIsCounted()
    {
        const int Jobs = 300;
        const int QueueCapacity = 10;
        using var timeout = TestTimeouts.CreateTokenSource();
        await _redis.Server.StopAsync(timeout.Token);
        await using var publisher = new StoreProcess(_redis.ConnectionString, _prefix, b => b.MaxJobs = 10, o =>
        {
            o.WriteQueueCapacity = QueueCapacity;
            o.OperationTimeout = TimeSpan.FromMilliseconds(500);
            o.ConnectTimeout = TimeSpan.FromMilliseconds(500);
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
        });
        using var localJobs = new MetricCollector<long>(publisher.Meters, "ProgressKit", "progresskit.stream.jobs");
        using var released = new MetricCollector<long>(publisher.Meters, "ProgressKit", "progresskit.stream.released");

        for (var i = 0; i < Jobs; i++)
        {
            publisher.Append(new JobScript($"job-many-{i}").Next());
        }

        localJobs.RecordObservableInstruments();
        localJobs.LastMeasurement!.Value.Should().Be(10);
        StoreProcess.Sum(released, "reason", "capacity").Should().Be(Jobs - 10);

        // The writer takes at most one batch while Redis is away and the queue holds its capacity: the rest is dropped.
        StoreProcess.Sum(publisher.Dropped, "reason", "queue_full").Should().BeGreaterThanOrEqualTo(Jobs - QueueCapacity - RedisJobStreamStore.WriterBatchSize);
    }

    private StoreProcess Process(Action<RedisJobStreamStoreOptions>? redis = null) => new(_redis.ConnectionString, _prefix, bounds: null, o =>
    {
        o.OperationTimeout = TimeSpan.FromMilliseconds(500);
        o.ConnectTimeout = TimeSpan.FromMilliseconds(500);
        o.RetryDelay = TimeSpan.FromMilliseconds(50);
        redis?.Invoke(o);
    });
}
