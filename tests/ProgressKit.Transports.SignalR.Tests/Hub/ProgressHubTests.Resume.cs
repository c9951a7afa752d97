using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

public partial class ProgressHubTests
{
    [Fact]
    public async Task Resume_FromACursor_ReplaysWhatTheClientMissedThenLive()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("resume-1", userId: "alice");
        job.Chunk("Hel");
        job.Chunk("lo");
        job.ReportAgentStatus("geo", AgentStatus.Invoking);
        await server.FlushAsync();
        var epoch = job.Position!.Value.Epoch;
        await using var alice = await server.ConnectAsync(user: "alice");

        var reply = await alice.ResumeAsync("resume-1", 2, epoch);
        job.Chunk(", world");
        job.Complete();
        var received = await alice.WaitForTerminalAsync("resume-1");

        reply.GetProperty("type").GetString().Should().Be("resumed");
        reply.GetProperty("outcome").GetString().Should().Be("gapless");
        reply.GetProperty("replay").GetInt32().Should().Be(2);
        reply.GetProperty("seq").GetInt64().Should().Be(4);
        reply.GetProperty("kept_seq").GetInt64().Should().Be(4);
        reply.GetProperty("epoch").GetString().Should().Be(epoch);
        reply.GetProperty("snapshot").ValueKind.Should().Be(JsonValueKind.Null);
        received.Select(e => e.Sequence).Should().Equal(3, 4, 5, 6);
        received.Should().OnlyContain(e => e.Epoch == epoch);
    }

    [Fact]
    public async Task Resume_EvictedEvents_AnswersTruncatedWithTheSnapshotAndTheWholeText()
    {
        await using var server = await TestHubServer.StartAsync(progressKit: o => o.Streams.MaxEventsPerJob = 2);
        await using var job = server.Publisher.StartJob("resume-2", userId: "alice");
        foreach (var piece in new[] { "The ", "answer ", "is ", "42." })
        {
            job.Chunk(piece);
        }

        await server.FlushAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var reply = await alice.ResumeAsync("resume-2", 1, job.Position!.Value.Epoch);

        reply.GetProperty("outcome").GetString().Should().Be("truncated");
        reply.GetProperty("replay").GetInt32().Should().Be(0);
        reply.GetProperty("seq").GetInt64().Should().Be(5);
        reply.GetProperty("snapshot").GetProperty("seq").GetInt64().Should().Be(5);
        var output = reply.GetProperty("streams").GetProperty("output");
        output.GetProperty("text").GetString().Should().Be("The answer is 42.");
        output.GetProperty("next_index").GetInt64().Should().Be(4);
        output.GetProperty("cut").GetBoolean().Should().BeFalse();
        alice.Events.Should().BeEmpty("nothing after the snapshot was published");
    }

    [Fact]
    public async Task Resume_CursorOfAnotherEpoch_AnswersNewEpochWithTheState()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("resume-3", userId: "alice");
        job.Chunk("fresh");
        await server.FlushAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var reply = await alice.ResumeAsync("resume-3", 7, "0000000000000001");

        reply.GetProperty("outcome").GetString().Should().Be("new_epoch");
        reply.GetProperty("epoch").GetString().Should().Be(job.Position!.Value.Epoch);
        reply.GetProperty("streams").GetProperty("output").GetProperty("text").GetString().Should().Be("fresh");
    }

    [Fact]
    public async Task Resume_AfterTheJobWasRestarted_AnswersNewEpochWithOnlyTheNewRunsText_ThenItsLiveEvents()
    {
        await using var server = await TestHubServer.StartAsync();
        var job = server.Publisher.StartJob("resume-restarted", userId: "alice");
        job.Chunk("first run ");
        job.Fail("agent_timeout", "The agent timed out.");
        await job.DisposeAsync();
        await server.FlushAsync();
        var oldCursor = job.Position!.Value;

        await using var restarted = server.Publisher.RestartJob("resume-restarted", userId: "alice");
        restarted.Chunk("second run");
        await server.FlushAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        var reply = await alice.ResumeAsync("resume-restarted", oldCursor.Sequence, oldCursor.Epoch);
        restarted.Complete();
        await server.FlushAsync();
        await alice.WaitForAsync(e => e.JobId == "resume-restarted" && e.Type == ProgressEventType.JobComplete);

        reply.GetProperty("outcome").GetString().Should().Be("new_epoch");
        var newEpoch = reply.GetProperty("epoch").GetString();
        string.CompareOrdinal(newEpoch, oldCursor.Epoch).Should().BePositive("a restarted job's epoch sorts after the old one");
        reply.GetProperty("seq").GetInt64().Should().Be(2, "job_started and the chunk of the new run");
        reply.GetProperty("streams").GetProperty("output").GetProperty("text").GetString().Should().Be("second run", "nothing of the first run's text");
        alice.Events.Should().ContainSingle().Which.Should().Match<ProgressEvent>(e => e.Epoch == newEpoch && e.Sequence == 3);
    }

    [Fact]
    public async Task Resume_NullEpoch_MeansTheJobsCurrentEpoch()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("resume-4", userId: "alice");
        job.Chunk("a");
        await server.FlushAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var reply = await alice.ResumeAsync("resume-4", 0, null);
        await alice.WaitForAsync(e => e.JobId == "resume-4" && e.Sequence == 2);

        reply.GetProperty("outcome").GetString().Should().Be("gapless");
        alice.Events.Select(e => e.Sequence).Should().Equal(1, 2);
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(1.5, null)]
    [InlineData("12", null)]
    [InlineData(9007199254740993L, null)]
    [InlineData(true, null)]
    [InlineData(3, "XYZ")]
    [InlineData(3, "019AE3F2C4E17F3A")]
    [InlineData(3, 42)]
    public async Task Resume_MalformedCursor_IsRefusedAsInvalidCursorAndTheConnectionStaysUsable(object afterSeq, object? epoch)
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("resume-bad", userId: "alice");
        await server.FlushAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var act = () => alice.ResumeAsync("resume-bad", afterSeq, epoch);

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: invalid_cursor: *");
        await AssertUsableAsync(server, alice, "alice");
    }

    [Fact]
    public async Task Resume_AnotherUsersJob_IsForbidden()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("resume-bob", userId: "bob");
        await server.FlushAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var act = () => alice.ResumeAsync("resume-bob", 0, null);

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        await AssertUsableAsync(server, alice, "alice");
    }

    [Fact]
    public async Task Resume_AfterADroppedConnection_GetsWhatWasMissedThenLive()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("drop-1", userId: "alice");
        var first = await server.ConnectAsync(user: "alice");
        await first.ResumeAsync("drop-1", 0, null);
        job.Chunk("one ");
        var seen = await first.WaitForAsync(e => e.JobId == "drop-1" && e.Chunk?.Text == "one ");
        await first.DisposeAsync();

        job.Chunk("two ");
        job.ReportAgentStatus("geo", AgentStatus.Complete);
        await server.FlushAsync();
        await using var second = await server.ConnectAsync(user: "alice");
        var reply = await second.ResumeAsync("drop-1", seen.Sequence, seen.Epoch);
        job.Complete();
        var received = await second.WaitForTerminalAsync("drop-1");

        reply.GetProperty("outcome").GetString().Should().Be("gapless");
        reply.GetProperty("replay").GetInt32().Should().Be(2);
        received.Select(e => e.Sequence).Should().Equal(seen.Sequence + 1, seen.Sequence + 2, seen.Sequence + 3);
        received[0].Chunk!.Text.Should().Be("two ");
    }

    [Fact]
    public async Task Resume_JobOnlyTheSharedSnapshotStoreKnows_AnswersTruncatedWithThatSnapshot()
    {
        await using var server = await TestHubServer.StartAsync(builder: b => b.UseStateStore<SharedSnapshotStore>());
        await using var alice = await server.ConnectAsync(user: "alice");

        var reply = await alice.ResumeAsync(SharedSnapshotStore.JobId, 3, null);

        reply.GetProperty("outcome").GetString().Should().Be("truncated");
        reply.GetProperty("seq").GetInt64().Should().Be(9);
        reply.GetProperty("snapshot").GetProperty("seq").GetInt64().Should().Be(9);
        reply.GetProperty("streams").EnumerateObject().Should().BeEmpty();
    }

    [Fact]
    public async Task Subscribe_ReturnsTheSnapshotWithTheStreamsText()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("streams-1", userId: "alice");
        job.Chunk("Hello, ");
        job.Chunk("world");
        job.ReportProgress(50);
        await server.FlushAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var snapshot = await alice.SubscribeRawAsync("streams-1");

        snapshot.GetProperty("type").GetString().Should().Be("progress_update");
        var output = snapshot.GetProperty("streams").GetProperty("output");
        output.GetProperty("text").GetString().Should().Be("Hello, world");
        output.GetProperty("next_index").GetInt64().Should().Be(2);
    }

    /// <summary>A snapshot store shared with other nodes: it knows a job this node's stream store never saw.</summary>
    internal sealed class SharedSnapshotStore : ProgressKit.State.IJobStateStore
    {
        public const string JobId = "shared-1";

        public ValueTask SetAsync(ProgressEvent snapshot, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<ProgressEvent?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(jobId == JobId
                ? new ProgressEvent
                {
                    Type = ProgressEventType.StageStarted, JobId = JobId, Epoch = "019ae3f2c4e17f3a", Sequence = 9, KeptSequence = 6,
                    Timestamp = DateTimeOffset.UnixEpoch, Status = JobStatus.Processing, Progress = 50, Stage = "agents", UserId = "alice",
                }
                : null);
    }
}
