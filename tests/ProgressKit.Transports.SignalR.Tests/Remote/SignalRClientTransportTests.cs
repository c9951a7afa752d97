using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Remote;

public class SignalRClientTransportTests
{
    [Fact]
    public async Task RemoteJob_ReachesHubSubscribersInOrder()
    {
        await using var hub = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = RemoteWorker.Key);
        await using var alice = await hub.ConnectAsync(user: "alice");
        await alice.SubscribeToMyJobsAsync();
        await using var worker = new RemoteWorker(hub.HubUrl);

        await using (var job = worker.Publisher.StartJob("remote-order", userId: "alice", stages: [("a", 1), ("b", 1)]))
        {
            job.StartStage("a");
            job.ReportAgentStatus("geo_agent", AgentStatus.Invoking);
            job.CompleteStage();
            job.StartStage("b");
            job.Chunk("hello");
            job.Complete();
        }

        var received = await alice.WaitForTerminalAsync("remote-order");

        received.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        received.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Type).Should().Equal(
            ProgressEventType.JobStarted, ProgressEventType.StageStarted, ProgressEventType.AgentStatus, ProgressEventType.StageComplete,
            ProgressEventType.StageStarted, ProgressEventType.Chunk, ProgressEventType.JobComplete);
        received[^1].Progress.Should().Be(100);
        (await worker.Publisher.FlushAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        worker.DeadLetters.Should().BeEmpty();
    }

    [Fact]
    public async Task RemoteTransport_HubRestartMidJob_DeliversEverythingIncludingTheTerminalEvent()
    {
        var hubA = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = RemoteWorker.Key);
        var port = hubA.Port;
        await using var worker = new RemoteWorker(hubA.HubUrl);
        await using var job = worker.Publisher.StartJob("remote-restart", userId: "alice", stages: [("before", 1), ("after", 1)]);
        await using (var aliceA = await hubA.ConnectAsync(user: "alice"))
        {
            await aliceA.SubscribeToMyJobsAsync();
            job.StartStage("before");
            await aliceA.WaitForAsync(e => e.JobId == "remote-restart" && e.Type == ProgressEventType.StageStarted);
        }

        await hubA.DisposeAsync();
        job.ReportStageProgress(0.5);
        job.CompleteStage();
        job.StartStage("after");
        job.Chunk("written while the hub was down");
        job.Complete(message: "finished during the outage");
        await using var hubB = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = RemoteWorker.Key, port: port);
        await using var aliceB = await hubB.ConnectAsync(user: "alice");
        await aliceB.SubscribeToMyJobsAsync();

        // Joined "my jobs" first, so nothing published to hub B from now on can be missed; whatever the worker
        // delivered before that is in the snapshot. Unknown means the worker has not reconnected yet.
        var snapshot = await SubscribeOrNullAsync(aliceB, "remote-restart");
        var terminal = snapshot is { IsTerminal: true }
            ? snapshot
            : await aliceB.WaitForAsync(e => e.JobId == "remote-restart" && e.IsTerminal);

        terminal.Type.Should().Be(ProgressEventType.JobComplete);
        terminal.Message.Should().Be("finished during the outage");
        (await worker.Publisher.FlushAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        worker.DeadLetters.Should().BeEmpty("a hub restart must not lose events");
        (await hubB.StateStore.GetAsync("remote-restart"))!.Sequence.Should().Be(terminal.Sequence);
    }

    [Fact]
    public async Task RemoteTransport_HubStartsAfterTheWorker_DeliversOnceItIsUp()
    {
        var placeholder = await TestHubServer.StartAsync();
        var port = placeholder.Port;
        var url = placeholder.HubUrl;
        await placeholder.DisposeAsync();
        await using var worker = new RemoteWorker(url);

        await using (var job = worker.Publisher.StartJob("remote-early", userId: "alice"))
        {
            job.ReportProgress(50);
            job.Complete();
        }

        await using var hub = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = RemoteWorker.Key, port: port);
        (await worker.Publisher.FlushAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();

        worker.DeadLetters.Should().BeEmpty();
        (await hub.StateStore.GetAsync("remote-early"))!.Type.Should().Be(ProgressEventType.JobComplete);
    }

    [Fact]
    public async Task RemoteJob_CancelFromAClient_ReachesTheWorkersTokenAndEndsCancelled()
    {
        await using var hub = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = RemoteWorker.Key);
        await using var alice = await hub.ConnectAsync(user: "alice");
        await alice.SubscribeToMyJobsAsync();
        await using var worker = new RemoteWorker(hub.HubUrl);
        await using var job = worker.Publisher.StartJob("remote-cancel", userId: "alice", stages: [("work", 1)]);
        job.StartStage("work");
        var work = Task.Delay(Timeout.Infinite, job.CancellationToken);
        await alice.WaitForAsync(e => e.JobId == "remote-cancel" && e.Type == ProgressEventType.StageStarted);

        await alice.CancelJobAsync("remote-cancel");

        var cancelled = async () => await work.WaitAsync(TestHubClient.Timeout);
        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        (await alice.WaitForTerminalAsync("remote-cancel"))[^1].Type.Should().Be(ProgressEventType.JobCancelled);
    }

    [Fact]
    public async Task RemoteJob_CancelByAnotherUser_IsRefusedAndNeverReachesTheWorker()
    {
        await using var hub = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = RemoteWorker.Key);
        await using var alice = await hub.ConnectAsync(user: "alice");
        await using var bob = await hub.ConnectAsync(user: "bob");
        await alice.SubscribeToMyJobsAsync();
        await using var worker = new RemoteWorker(hub.HubUrl);
        await using var job = worker.Publisher.StartJob("remote-guarded", userId: "alice");
        await alice.WaitForAsync(e => e.JobId == "remote-guarded");

        var act = () => bob.CancelJobAsync("remote-guarded");

        await act.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>().WithMessage("*HubException: forbidden: *");
        job.Complete();
        (await alice.WaitForTerminalAsync("remote-guarded"))[^1].Type.Should().Be(ProgressEventType.JobComplete);
        job.CancellationToken.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public async Task Send_WrongKey_IsAConfigurationFault()
    {
        await using var hub = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = RemoteWorker.Key);
        await using var worker = new RemoteWorker(hub.HubUrl, key: "not-the-key-0123456789");

        var act = () => worker.Transport.SendAsync(Event("remote-forged"), CancellationToken.None).AsTask();

        (await act.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Configuration);
        (await hub.StateStore.GetAsync("remote-forged")).Should().BeNull();
    }

    [Fact]
    public async Task Send_HubUnreachable_WaitsForTheAttemptThenCancels()
    {
        var unused = await TestHubServer.StartAsync();
        var url = unused.HubUrl;
        await unused.DisposeAsync();
        await using var worker = new RemoteWorker(url);
        using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var act = () => worker.Transport.SendAsync(Event("remote-nowhere"), attempt.Token).AsTask();

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Send_OversizedEvent_IsCutToFitAndStillDelivered()
    {
        await using var hub = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = RemoteWorker.Key);
        await using var alice = await hub.ConnectAsync(user: "alice");
        await alice.SubscribeToMyJobsAsync();
        await using var worker = new RemoteWorker(hub.HubUrl);

        await worker.Transport.SendAsync(Event("remote-big", new ChunkInfo { Stream = "output", Index = 0, Text = new string('x', 100_000) }), CancellationToken.None);
        var received = await alice.WaitForAsync(e => e.JobId == "remote-big");

        received.Truncated.Should().Contain("chunk.text");
        received.Chunk!.Text.Length.Should().BeLessThan(32 * 1024);
    }

    private static async Task<ProgressEvent?> SubscribeOrNullAsync(TestHubClient client, string jobId)
    {
        try
        {
            return await client.SubscribeAsync(jobId);
        }
        catch (Microsoft.AspNetCore.SignalR.HubException e) when (e.Message.Contains("job_not_found", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private static ProgressEvent Event(string jobId, ChunkInfo? chunk = null) => new()
    {
        Type = ProgressEventType.Chunk,
        JobId = jobId,
        Sequence = 1,
        Timestamp = DateTimeOffset.UtcNow,
        Status = JobStatus.Processing,
        Progress = 5,
        UserId = "alice",
        Chunk = chunk,
    };
}
