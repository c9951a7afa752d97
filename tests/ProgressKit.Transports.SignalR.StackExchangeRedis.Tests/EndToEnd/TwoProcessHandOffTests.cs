using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>
/// Issue 20, parts 2 and 7: two worker OS processes publish one job in turn (the second continues from the hand-off
/// cursor, or, publishing by id without one, from the position the shared store knows); clients see one gapless stream.
/// </summary>
public sealed class TwoProcessHandOffTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task TwoWorkerProcessesPublishingOneJobInTurn_YieldOneGaplessStream_LiveAndInTheSharedLog()
    {
        await using var first = await WorkerProcess.StartAsync(redis.ConnectionString);
        await using var second = await WorkerProcess.StartAsync(redis.ConnectionString);
        await using var node = await WebNode.StartAsync(redis.ConnectionString);
        var store = node.Services.GetRequiredService<IJobStreamStore>();
        var jobId = ClusterFixture.NewJobId("handoff");
        await first.SendAsync($"hold {jobId} alice");
        await first.WaitForLineAsync($"started {jobId}");
        await first.FlushAsync();
        var started = (await store.GetStateAsync(jobId))!.Position;
        await using var live = await ResumingClient.ConnectAsync(node.HubUrl, "alice", jobId);
        await live.ResumeAsync(started with { Sequence = 0, KeptSequence = 0 });

        await first.SendAsync($"chunk {jobId} one output");
        await first.WaitForLineAsync($"chunked {jobId}");
        await first.SendAsync($"handoff {jobId}");
        await first.WaitForLineAsync($"handedoff {jobId}");
        await first.FlushAsync();

        // The cursor travels with the work as text, as the first process's HandOff() gave it; it names the position
        // the shared store holds once the first process flushed.
        var handedOff = first.ReceivedLine($"cursor {jobId} ")[$"cursor {jobId} ".Length..];
        JobStreamPosition.TryParse(handedOff, out var cursor).Should().BeTrue(handedOff);
        cursor.Should().Be((await store.GetStateAsync(jobId))!.Position);
        await second.SendAsync($"continue {jobId} alice {handedOff}");
        await second.WaitForLineAsync($"started {jobId}");
        // The same stream: the continuing process takes the stream's next index from the shared store (issue 20, part 2).
        await second.SendAsync($"chunk {jobId} two output");
        await second.WaitForLineAsync($"chunked {jobId}");
        await second.SendAsync($"release {jobId}");
        await second.WaitForLineAsync($"completed {jobId}");
        await second.FlushAsync();
        await live.WaitForTerminalAsync();
        await using var late = await ResumingClient.ConnectAsync(node.HubUrl, "alice", jobId);
        await late.ResumeAsync(started with { Sequence = 0, KeptSequence = 0 });
        await late.WaitForTerminalAsync();
        JobStreamCursor.TryCreate(0, started.Epoch, out var fromStart).Should().BeTrue();
        var log = await store.ReadAsync(jobId, fromStart);
        var state = await store.GetStateAsync(jobId);

        live.Losses.Should().BeEmpty();
        live.Duplicates.Should().BeEmpty();
        live.Received.Select(e => e.Sequence).Should().Equal(live.Applied.Select(e => e.Sequence), "every event arrived once, in order");
        live.Applied.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, live.Applied.Count).Select(n => (long)n));
        live.Applied.Should().OnlyContain(e => e.Epoch == started.Epoch);
        live.Applied[^1].Type.Should().Be(ProgressEventType.JobComplete);
        log.Outcome.Should().Be(ResumeOutcome.Gapless);
        log.Events.Select(e => e.Sequence).Should().Equal(live.Applied.Select(e => e.Sequence));
        log.Events.Select(e => e.Source).Distinct().Should().ContainSingle("both workers are 'test-worker' processes");
        var chunks = live.Applied.Where(e => e.Chunk is not null).Select(e => e.Chunk!).ToList();
        chunks.Select(c => (c.Stream, c.Index, c.Text)).Should().Equal(("output", 0L, "one"), ("output", 1L, "two"));
        string.Concat(chunks.Select(c => c.Text)).Should().Be("onetwo", "the client-visible stream text is whole");
        late.Applied.Select(e => (e.Sequence, e.Chunk?.Index)).Should().Equal(live.Applied.Select(e => (e.Sequence, e.Chunk?.Index)), "a resume from the start replays the same stream");
        log.Events.Where(e => e.Chunk is not null).Select(e => e.Chunk!.Index).Should().Equal(0, 1);
        state!.Streams["output"].Should().BeEquivalentTo(new JobStreamText("onetwo", 2, cut: false));
        state.Streams.Should().ContainSingle();
        cursor.Sequence.Should().BeGreaterThan(started.Sequence).And.BeLessThan(state.Position.Sequence);
    }

    [Fact]
    public async Task SecondWorkerPublishingByIdWithoutACursor_ContinuesTheSharedStoresEpochGaplessly()
    {
        await using var first = await WorkerProcess.StartAsync(redis.ConnectionString);
        await using var second = await WorkerProcess.StartAsync(redis.ConnectionString);
        await using var node = await WebNode.StartAsync(redis.ConnectionString);
        var store = node.Services.GetRequiredService<IJobStreamStore>();
        var jobId = ClusterFixture.NewJobId("byid");
        await first.SendAsync($"hold {jobId} alice");
        await first.WaitForLineAsync($"started {jobId}");
        await first.FlushAsync();
        var started = (await store.GetStateAsync(jobId))!.Position;
        await using var live = await ResumingClient.ConnectAsync(node.HubUrl, "alice", jobId);
        await live.ResumeAsync(started with { Sequence = 0, KeptSequence = 0 });

        await first.SendAsync($"chunk {jobId} one output");
        await first.WaitForLineAsync($"chunked {jobId}");
        await first.SendAsync($"handoff {jobId}");
        await first.WaitForLineAsync($"handedoff {jobId}");
        await first.FlushAsync();
        var handedOff = (await store.GetStateAsync(jobId))!.Position;

        // No cursor travels with the work: the second process has never seen the job and reads Redis for it.
        await second.SendAsync($"chunkbyid {jobId} two output");
        await second.WaitForLineAsync($"chunked {jobId}");
        await second.SendAsync($"completebyid {jobId}");
        await second.WaitForLineAsync($"completed {jobId}");
        await second.FlushAsync();
        await live.WaitForTerminalAsync();
        JobStreamCursor.TryCreate(0, started.Epoch, out var fromStart).Should().BeTrue();
        var log = await store.ReadAsync(jobId, fromStart);
        var state = await store.GetStateAsync(jobId);

        live.Losses.Should().BeEmpty();
        live.Duplicates.Should().BeEmpty();
        live.Received.Select(e => e.Sequence).Should().Equal(live.Applied.Select(e => e.Sequence), "every event arrived once, in order");
        live.Applied.Should().OnlyContain(e => e.Epoch == started.Epoch, "the second process continued the job's epoch, not a new one");
        live.Applied.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, live.Applied.Count).Select(n => (long)n));
        live.Applied.Where(e => e.Sequence > handedOff.Sequence).Select(e => (e.Type, e.KeptSequence)).Should().Equal(
            (ProgressEventType.Chunk, handedOff.KeptSequence + 1), (ProgressEventType.JobComplete, handedOff.KeptSequence + 2));
        var chunks = live.Applied.Where(e => e.Chunk is not null).Select(e => e.Chunk!).ToList();
        chunks.Select(c => (c.Stream, c.Index, c.Text)).Should().Equal(("output", 0L, "one"), ("output", 1L, "two"));
        log.Outcome.Should().Be(ResumeOutcome.Gapless);
        log.Events.Select(e => e.Sequence).Should().Equal(live.Applied.Select(e => e.Sequence));
        state!.Streams["output"].Should().BeEquivalentTo(new JobStreamText("onetwo", 2, cut: false));
        state.Snapshot.Type.Should().Be(ProgressEventType.JobComplete);
    }
}
