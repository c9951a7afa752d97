using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>Issue 20, part 6: a client that resumes on another web node gets, gaplessly, what a worker published through Redis while it was away.</summary>
public sealed class CrossNodeResumeTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task WorkerPublishesWhileTheClientIsAway_ResumeOnTheOtherNode_ReplaysEveryMissingEventThenLiveOnes()
    {
        using var worker = WorkerHost.Build(redis.ConnectionString);
        await worker.StartAsync();
        var publisher = worker.Services.GetRequiredService<IProgressPublisher>();
        await using var node1 = await WebNode.StartAsync(redis.ConnectionString);
        await using var node2 = await WebNode.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("resume");
        var job = publisher.StartJob(jobId, userId: "alice");
        job.Chunk("The answer ");
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        // On node 1: everything so far, replayed from the shared log.
        ProgressEvent last;
        await using (var onNode1 = await node1.ConnectAsync("alice"))
        {
            var first = await onNode1.ResumeAsync(jobId, 0, null);
            first.GetProperty("outcome").GetString().Should().Be("gapless");
            last = await onNode1.WaitForAsync(e => e.JobId == jobId && e.Type == ProgressEventType.Chunk);
        }

        // Away: the worker goes on.
        job.ReportProgress(40);
        job.Chunk("is ");
        job.Chunk("42.");
        job.ReportProgress(80);
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        await using var onNode2 = await node2.ConnectAsync("alice");
        var reply = await onNode2.ResumeAsync(jobId, last.Sequence, last.Epoch);
        job.Complete();
        await job.DisposeAsync();
        var received = await onNode2.WaitForTerminalAsync(jobId);

        reply.GetProperty("outcome").GetString().Should().Be("gapless");
        reply.GetProperty("replay").GetInt32().Should().Be(4);
        reply.GetProperty("epoch").GetString().Should().Be(last.Epoch);
        reply.GetProperty("seq").GetInt64().Should().Be(last.Sequence + 4);
        received.Select(e => e.Sequence).Should().Equal(Enumerable.Range((int)last.Sequence + 1, received.Count).Select(s => (long)s));
        received.Where(e => e.Chunk is not null).Select(e => e.Chunk!.Text).Should().Equal("is ", "42.");
        received[^1].Type.Should().Be(ProgressEventType.JobComplete);
        await worker.StopAsync();
    }

    [Fact]
    public async Task ResumeWithoutAnyEvent_OnANodeThatPublishedNothing_GetsTheSnapshotAndTheWholeText()
    {
        using var worker = WorkerHost.Build(redis.ConnectionString);
        await worker.StartAsync();
        var publisher = worker.Services.GetRequiredService<IProgressPublisher>();
        await using var node = await WebNode.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("late-text");
        var job = publisher.StartJob(jobId, userId: "alice");
        job.Chunk("The answer ");
        job.Chunk("is 42.");
        job.ReportProgress(90);
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        await using var client = await node.ConnectAsync("alice");

        var reply = await client.ResumeAsync(jobId, 0, "0000000000000000");
        job.Complete();
        await job.DisposeAsync();
        var received = await client.WaitForTerminalAsync(jobId);

        reply.GetProperty("outcome").GetString().Should().Be("new_epoch");
        reply.GetProperty("streams").GetProperty("output").GetProperty("text").GetString().Should().Be("The answer is 42.");
        reply.GetProperty("snapshot").GetProperty("type").GetString().Should().Be("progress_update");
        received.Should().ContainSingle().Which.Sequence.Should().Be(reply.GetProperty("seq").GetInt64() + 1);
        await worker.StopAsync();
    }

    [Fact]
    public async Task ResumeAfterEvictedEvents_OnTheOtherNode_IsTruncatedWithTheWholeText()
    {
        using var worker = WorkerHost.Build(redis.ConnectionString, o => o.Streams.MaxEventsPerJob = 5);
        await worker.StartAsync();
        var publisher = worker.Services.GetRequiredService<IProgressPublisher>();
        await using var node1 = await WebNode.StartAsync(redis.ConnectionString);
        await using var node2 = await WebNode.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("truncated");
        var job = publisher.StartJob(jobId, userId: "alice");
        job.Chunk("c0 ");
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        ProgressEvent last;
        await using (var onNode1 = await node1.ConnectAsync("alice"))
        {
            (await onNode1.ResumeAsync(jobId, 0, null)).GetProperty("outcome").GetString().Should().Be("gapless");
            last = await onNode1.WaitForAsync(e => e.JobId == jobId && e.Type == ProgressEventType.Chunk);
        }

        // Away: more events than the shared log keeps.
        for (var i = 1; i < 20; i++)
        {
            job.Chunk($"c{i} ");
        }

        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        await using var onNode2 = await node2.ConnectAsync("alice");
        var reply = await onNode2.ResumeAsync(jobId, last.Sequence, last.Epoch);
        job.Complete();
        await job.DisposeAsync();
        var received = await onNode2.WaitForTerminalAsync(jobId);

        reply.GetProperty("outcome").GetString().Should().Be("truncated");
        reply.GetProperty("epoch").GetString().Should().Be(last.Epoch);
        reply.GetProperty("seq").GetInt64().Should().Be(21);
        reply.GetProperty("snapshot").GetProperty("seq").GetInt64().Should().Be(21);
        reply.GetProperty("streams").GetProperty("output").GetProperty("text").GetString()
            .Should().Be(string.Concat(Enumerable.Range(0, 20).Select(i => $"c{i} ")), "a truncated answer carries the stream's whole text");
        received.Select(e => e.Sequence).Should().Equal(22L);
        received[^1].Type.Should().Be(ProgressEventType.JobComplete);
        await worker.StopAsync();
    }

    [Fact]
    public async Task ResumeFromAnOldEpoch_AfterAnotherProcessStartedTheJobOver_IsNewEpochWithOnlyTheNewText()
    {
        // The second worker does not track the job; it starts it over deliberately (RestartJob), in a later epoch.
        using var firstWorker = WorkerHost.Build(redis.ConnectionString);
        using var secondWorker = WorkerHost.Build(redis.ConnectionString);
        await firstWorker.StartAsync();
        await secondWorker.StartAsync();
        var firstPublisher = firstWorker.Services.GetRequiredService<IProgressPublisher>();
        var secondPublisher = secondWorker.Services.GetRequiredService<IProgressPublisher>();
        await using var node1 = await WebNode.StartAsync(redis.ConnectionString);
        await using var node2 = await WebNode.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("restart");
        var oldRun = firstPublisher.StartJob(jobId, userId: "alice");
        oldRun.Chunk("old answer");
        (await firstPublisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        ProgressEvent last;
        await using (var onNode1 = await node1.ConnectAsync("alice"))
        {
            (await onNode1.ResumeAsync(jobId, 0, null)).GetProperty("outcome").GetString().Should().Be("gapless");
            last = await onNode1.WaitForAsync(e => e.JobId == jobId && e.Type == ProgressEventType.Chunk);
        }

        var newRun = secondPublisher.RestartJob(jobId, userId: "alice");
        newRun.Chunk("new ");
        newRun.Chunk("answer");
        (await secondPublisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        var newEpoch = newRun.Position!.Value.Epoch;
        await using var onNode2 = await node2.ConnectAsync("alice");
        var reply = await onNode2.ResumeAsync(jobId, last.Sequence, last.Epoch);
        newRun.Complete();
        await newRun.DisposeAsync();
        var received = await onNode2.WaitForTerminalAsync(jobId);

        string.CompareOrdinal(newEpoch, last.Epoch).Should().BePositive("a job started over sorts after its old epoch");
        reply.GetProperty("outcome").GetString().Should().Be("new_epoch");
        reply.GetProperty("epoch").GetString().Should().Be(newEpoch);
        reply.GetProperty("seq").GetInt64().Should().Be(3);
        reply.GetProperty("snapshot").GetProperty("epoch").GetString().Should().Be(newEpoch);
        reply.GetProperty("streams").GetProperty("output").GetProperty("text").GetString()
            .Should().Be("new answer", "the old epoch's text must not leak into the new one's");
        received.Select(e => (e.Epoch, e.Sequence)).Should().Equal((newEpoch, 4L));
        received[^1].Type.Should().Be(ProgressEventType.JobComplete);
        await oldRun.DisposeAsync();
        await firstWorker.StopAsync();
        await secondWorker.StopAsync();
    }
}
