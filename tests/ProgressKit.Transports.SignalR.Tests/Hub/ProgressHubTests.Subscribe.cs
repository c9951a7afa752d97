using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

public partial class ProgressHubTests
{
    private static readonly (string, double)[] AgentStages = [("loading_agents", 1), ("agents", 3), ("synthesizing", 2), ("saving", 1)];

    [Fact]
    public async Task Subscribe_WholeJob_ArrivesInOrderWithTerminalLast()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var job = server.Publisher.AcceptJob("job-whole", userId: "alice", stages: AgentStages);

        var snapshot = await alice.SubscribeAsync("job-whole");
        RunAgentPipeline(job);
        var received = await alice.WaitForTerminalAsync("job-whole");
        await server.FlushAsync();

        snapshot!.Type.Should().Be(ProgressEventType.JobAccepted);
        received.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();

        // The snapshot and the group may both carry job_accepted (it was in flight while the client subscribed);
        // clients apply an event only when its seq is above the last applied, and so does this test.
        var all = new[] { snapshot }.Concat(received.Where(e => e.Sequence > snapshot.Sequence)).ToList();
        var published = server.Recorder.SentFor("job-whole").ToList();
        var nonProgress = published.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence);
        all.Select(e => e.Sequence).Should().Contain(nonProgress, "every state change, agent status and chunk must arrive");
        all[^1].Type.Should().Be(ProgressEventType.JobComplete);
        all[^1].Sequence.Should().Be(published[^1].Sequence);
        all[^1].Progress.Should().Be(100);
        all.Should().Contain(e => e.Type == ProgressEventType.AgentStatus && e.Agent!.Name == "temporal_agent");
        string.Concat(all.Where(e => e.Chunk is not null).Select(e => e.Chunk!.Text)).Should().Be("The answer is 42.");
    }

    [Fact]
    public async Task Subscribe_LateJoiner_GetsSnapshotFirstThenLaterEvents()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("job-late", userId: "alice", stages: AgentStages);
        job.StartStage("loading_agents");
        job.ReportStageProgress(0.5, "halfway");
        job.CompleteStage();
        job.StartStage("agents");
        await server.FlushAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var snapshot = await alice.SubscribeAsync("job-late");
        job.ReportAgentStatus("geo_agent", AgentStatus.Invoking);
        job.Complete();
        var received = await alice.WaitForTerminalAsync("job-late");

        snapshot!.Type.Should().Be(ProgressEventType.StageStarted);
        snapshot.Stage.Should().Be("agents");
        snapshot.Sequence.Should().Be(server.Recorder.SentFor("job-late").Single(e => e.Stage == "agents" && e.Type == ProgressEventType.StageStarted).Sequence);
        snapshot.Progress.Should().BeGreaterThan(0);
        received.Select(e => e.Sequence).Should().Equal(snapshot.Sequence + 1, snapshot.Sequence + 2);
    }

    [Fact]
    public async Task Subscribe_UnknownJob_IsRefusedAsNotFoundAndConnectionStaysUsable()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var act = () => alice.SubscribeAsync("no-such-job");

        await act.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>().WithMessage("*HubException: job_not_found: *");
        await AssertUsableAsync(server, alice, "alice");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/es")]
    [InlineData("é")]
    public async Task Subscribe_InvalidJobId_IsRefusedWithTheRuleAndConnectionStaysUsable(string jobId)
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var subscribe = () => alice.SubscribeAsync(jobId);
        var status = () => alice.RequestStatusAsync(jobId);
        var cancel = () => alice.CancelJobAsync(jobId);
        var unsubscribe = () => alice.Connection.InvokeAsync(nameof(ProgressHub.Unsubscribe), jobId);

        var expected = "invalid_job_id: " + JobId.Describe(jobId);
        (await subscribe.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).Which.Message.Should().EndWith("HubException: " + expected);
        (await status.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).Which.Message.Should().EndWith("HubException: " + expected);
        (await cancel.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).Which.Message.Should().EndWith("HubException: " + expected);
        (await unsubscribe.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).Which.Message.Should().EndWith("HubException: " + expected);
        await AssertUsableAsync(server, alice, "alice");
    }

    [Fact]
    public async Task Subscribe_TooLongJobId_IsRefusedWithTheRule()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        var jobId = new string('a', JobId.MaxLength + 1);

        var act = () => alice.SubscribeAsync(jobId);

        (await act.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).Which.Message
            .Should().EndWith("HubException: invalid_job_id: " + JobId.Describe(jobId));
    }

    [Fact]
    public async Task Subscribe_MalformedInvocation_IsRefusedAndConnectionStaysUsable()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var noArgument = () => alice.Connection.InvokeAsync(nameof(ProgressHub.Subscribe));
        var nullArgument = () => alice.Connection.InvokeAsync<object?>(nameof(ProgressHub.Subscribe), (string?)null);
        var unknownMethod = () => alice.Connection.InvokeAsync("DeleteEverything", "job-1");

        await noArgument.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>();
        (await nullArgument.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).Which.Message.Should().Contain("HubException: invalid_job_id: ");
        await unknownMethod.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>();
        await AssertUsableAsync(server, alice, "alice");
    }

    [Fact]
    public async Task Unsubscribe_StopsTheJobsEvents()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var job = server.Publisher.StartJob("job-unsub", userId: "alice");
        await using var marker = server.Publisher.StartJob("job-marker", userId: "alice");
        await alice.SubscribeAsync("job-unsub");
        await alice.SubscribeAsync("job-marker");
        await server.FlushAsync();

        await alice.Connection.InvokeAsync(nameof(ProgressHub.Unsubscribe), "job-unsub");
        job.Complete();
        await server.FlushAsync();
        marker.Complete();
        await alice.WaitForTerminalAsync("job-marker");

        // The marker job's terminal event was sent after job-unsub's: had the connection still been in the group,
        // job-unsub's terminal event would have arrived first on the same connection.
        alice.Events.Should().NotContain(e => e.JobId == "job-unsub" && e.IsTerminal);
    }

    /// <summary>Proves the connection still works after a refused call: a valid subscribe returns a snapshot.</summary>
    private static async Task AssertUsableAsync(TestHubServer server, TestHubClient client, string user)
    {
        var jobId = "usable-" + Guid.NewGuid().ToString("N");
        await using var job = server.Publisher.StartJob(jobId, userId: user);
        (await client.SubscribeAsync(jobId))!.JobId.Should().Be(jobId);
        job.Complete();
        (await client.WaitForTerminalAsync(jobId))[^1].Type.Should().Be(ProgressEventType.JobComplete);
    }

    private static void RunAgentPipeline(IProgressJob job)
    {
        job.Start("processing");
        job.StartStage("loading_agents");
        job.ReportStageProgress(0.5);
        job.CompleteStage();
        job.StartStage("agents");
        foreach (var agent in new[] { "geo_agent", "temporal_agent" })
        {
            job.ReportAgentStatus(agent, AgentStatus.Invoking);
            job.ReportAgentStatus(agent, AgentStatus.CallingTool, tool: "search");
            job.ReportStageProgress(agent == "geo_agent" ? 0.5 : 1.0);
            job.ReportAgentStatus(agent, AgentStatus.Complete, confidence: 0.9);
        }

        job.CompleteStage();
        job.StartStage("synthesizing");
        foreach (var (text, i) in new[] { "The ", "answer ", "is ", "42." }.Select((t, i) => (t, i)))
        {
            job.Chunk(text);
            job.ReportStageProgress((i + 1) / 4.0);
        }

        job.CompleteStage();
        job.StartStage("saving");
        job.ReportStageProgress(1);
        job.Complete(message: "done");
    }
}
