using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>Two web nodes and a worker process on one Redis, with real SignalR clients.</summary>
public sealed class ScaleOutTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task WorkerJob_SubscriberOnNode2_ReceivesTheWholeJobInOrder()
    {
        var jobId = ClusterFixture.NewJobId("whole");
        await using var alice = await cluster.Node2.ConnectAsync("alice");
        await alice.Connection.InvokeAsync(nameof(ProgressHub.SubscribeToMyJobs)).WithTimeout();

        await cluster.Worker.SendAsync($"run {jobId} alice 5 20");

        var received = await alice.WaitForTerminalAsync(jobId);
        received.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        received[0].Sequence.Should().Be(1);
        received[0].Type.Should().Be(ProgressEventType.JobStarted);
        received.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Type).Should().Equal(
            ProgressEventType.JobStarted,
            ProgressEventType.StageStarted, ProgressEventType.StageComplete,
            ProgressEventType.StageStarted, ProgressEventType.AgentStatus, ProgressEventType.AgentStatus, ProgressEventType.StageComplete,
            ProgressEventType.StageStarted, ProgressEventType.Chunk, ProgressEventType.Chunk, ProgressEventType.StageComplete,
            ProgressEventType.JobComplete);
        received[^1].Progress.Should().Be(100);
        received.Should().OnlyContain(e => e.Source == "test-worker" && e.UserId == "alice");
    }

    [Fact]
    public async Task LateJoinerOnNode1_GetsTheSnapshot_AndRequestStatusAnswersOnEitherNode()
    {
        var jobId = ClusterFixture.NewJobId("late");
        await cluster.Worker.SendAsync($"run {jobId} alice 2 10");
        await cluster.Worker.WaitForLineAsync($"completed {jobId}");
        await cluster.Worker.FlushAsync();
        await using var node1Client = await cluster.Node1.ConnectAsync("alice");
        await using var node2Client = await cluster.Node2.ConnectAsync("alice");

        var snapshot = await node1Client.SubscribeAsync(jobId);
        var status = await node2Client.RequestStatusAsync(jobId);

        snapshot!.Type.Should().Be(ProgressEventType.JobComplete);
        snapshot.Status.Should().Be(JobStatus.Completed);
        snapshot.UserId.Should().Be("alice");
        status.Should().BeEquivalentTo(snapshot);
    }

    [Fact]
    public async Task LateJoinerOnNode1_MidJob_GetsTheSnapshotThenEveryLaterEvent()
    {
        var jobId = ClusterFixture.NewJobId("midjob");
        await cluster.Worker.SendAsync($"hold {jobId} alice");
        await cluster.Worker.WaitForLineAsync($"started {jobId}");
        await cluster.Worker.SendAsync($"progress {jobId} 30");
        await cluster.Worker.WaitForLineAsync($"progressed {jobId}");

        // A snapshot is stored in the background, at the latest before its event is delivered: after the flush, it is.
        await cluster.Worker.FlushAsync();
        await using var alice = await cluster.Node1.ConnectAsync("alice");

        var snapshot = await alice.SubscribeAsync(jobId);
        await cluster.Worker.SendAsync($"release {jobId}");

        snapshot!.JobId.Should().Be(jobId);
        snapshot.Status.Should().Be(JobStatus.Processing);
        var terminal = (await alice.WaitForTerminalAsync(jobId))[^1];
        terminal.Type.Should().Be(ProgressEventType.JobComplete);
        terminal.Sequence.Should().BeGreaterThan(snapshot.Sequence);
    }

    [Fact]
    public async Task CancelFromNode1_ReachesTheWorkersJob_WhichPublishesJobCancelled()
    {
        var jobId = ClusterFixture.NewJobId("cancel");
        await cluster.Worker.SendAsync($"hold {jobId} alice");
        await cluster.Worker.WaitForLineAsync($"started {jobId}");
        // "started" is printed when the job starts, before its first event is in Redis (which the send barrier
        // guarantees once the worker's sends are flushed): without the flush the subscribe can find no job.
        await cluster.Worker.FlushAsync();
        await using var alice = await cluster.Node1.ConnectAsync("alice");
        await using var watcher = await cluster.Node2.ConnectAsync("alice");
        await alice.SubscribeAsync(jobId);
        await watcher.SubscribeAsync(jobId);

        await alice.CancelJobAsync(jobId);

        await cluster.Worker.WaitForLineAsync($"cancelled {jobId}");
        (await alice.WaitForTerminalAsync(jobId))[^1].Type.Should().Be(ProgressEventType.JobCancelled);
        (await watcher.WaitForTerminalAsync(jobId))[^1].Type.Should().Be(ProgressEventType.JobCancelled);
    }

    [Fact]
    public async Task CancelByAnotherUser_IsRefused_AndTheJobRunsOn()
    {
        var jobId = ClusterFixture.NewJobId("refused");
        await cluster.Worker.SendAsync($"hold {jobId} alice");
        await cluster.Worker.WaitForLineAsync($"started {jobId}");
        // "started" is printed when the job starts, before its first event is in Redis (which the send barrier
        // guarantees once the worker's sends are flushed): without the flush the subscribe can find no job.
        await cluster.Worker.FlushAsync();
        await using var alice = await cluster.Node2.ConnectAsync("alice");
        await using var mallory = await cluster.Node1.ConnectAsync("mallory");
        await alice.SubscribeAsync(jobId);

        var act = () => mallory.CancelJobAsync(jobId);

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        await cluster.Worker.SendAsync($"release {jobId}");
        await cluster.Worker.WaitForLineAsync($"completed {jobId}");
        (await alice.WaitForTerminalAsync(jobId))[^1].Type.Should().Be(ProgressEventType.JobComplete);
    }

    [Fact]
    public async Task CancelEndedJob_IsRefusedAsNotFound()
    {
        var jobId = ClusterFixture.NewJobId("ended");
        await cluster.Worker.SendAsync($"run {jobId} alice 1 1");
        await cluster.Worker.WaitForLineAsync($"completed {jobId}");
        await using var alice = await cluster.Node1.ConnectAsync("alice");
        await cluster.Worker.FlushAsync();

        var act = () => alice.CancelJobAsync(jobId);

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: job_not_found: *already ended*");
    }
}
