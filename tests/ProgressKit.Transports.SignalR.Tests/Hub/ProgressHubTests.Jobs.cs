using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Tests.Fakes;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

public partial class ProgressHubTests
{
    [Fact]
    public async Task CancelJob_ReachesTheJobsToken_AndTheJobPublishesCancelled()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var job = server.Publisher.StartJob("job-cancel", userId: "alice", stages: AgentStages);
        job.StartStage("loading_agents");
        var work = Task.Delay(Timeout.Infinite, job.CancellationToken);
        await alice.SubscribeAsync("job-cancel");

        await alice.CancelJobAsync("job-cancel");

        var cancelled = async () => await work.WaitAsync(TestHubClient.Timeout);
        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        var received = await alice.WaitForTerminalAsync("job-cancel");
        received[^1].Type.Should().Be(ProgressEventType.JobCancelled);
        received[^1].Status.Should().Be(JobStatus.Cancelled);
        server.Cancellation.IsRunning("job-cancel").Should().BeFalse();
    }

    [Fact]
    public async Task CancelJob_ReplacedRouter_IsAskedOnlyAfterTheAccessCheck()
    {
        var router = new RecordingCancellationRouter();
        await using var server = await TestHubServer.StartAsync(builder: kit => kit.Services.Replace(ServiceDescriptor.Singleton<IProgressCancellationRouter>(router)));
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var mallory = await server.ConnectAsync(user: "mallory");
        await using var job = server.Publisher.StartJob("job-routed", userId: "alice");

        var refused = () => mallory.CancelJobAsync("job-routed");
        await refused.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        await alice.CancelJobAsync("job-routed");

        router.Requests.Should().Equal("job-routed");
        server.Cancellation.IsRunning("job-routed").Should().BeTrue("the replaced router, not the local registry, decides");
    }

    [Fact]
    public async Task CancelJob_RouterReachesNoProcess_IsRefusedAsNotFound()
    {
        var router = new RecordingCancellationRouter { Answer = false };
        await using var server = await TestHubServer.StartAsync(builder: kit => kit.Services.Replace(ServiceDescriptor.Singleton<IProgressCancellationRouter>(router)));
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var job = server.Publisher.StartJob("job-nowhere", userId: "alice");

        var act = () => alice.CancelJobAsync("job-nowhere");

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: job_not_found: *not running in any process*");
    }

    [Fact]
    public async Task CancelJob_RouterThrows_IsInternalErrorAndTheConnectionStaysUsable()
    {
        var router = new RecordingCancellationRouter { Failure = new TimeoutException("store down") };
        await using var server = await TestHubServer.StartAsync(builder: kit => kit.Services.Replace(ServiceDescriptor.Singleton<IProgressCancellationRouter>(router)));
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var job = server.Publisher.StartJob("job-unreachable", userId: "alice");

        var act = () => alice.CancelJobAsync("job-unreachable");

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: internal_error: *try again*");
        await AssertUsableAsync(server, alice, "alice");
    }

    [Fact]
    public async Task CancelJob_EndedJob_IsRefusedAsNotFound()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await using (var job = server.Publisher.StartJob("job-ended", userId: "alice"))
        {
            job.Complete();
        }

        var act = () => alice.CancelJobAsync("job-ended");

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: job_not_found: *already ended (job_complete)*");
    }

    [Fact]
    public async Task CancelJob_UnknownJob_IsRefusedAsNotFound()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");

        var act = () => alice.CancelJobAsync("job-unknown");

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: job_not_found: *");
        await AssertUsableAsync(server, alice, "alice");
    }

    [Fact]
    public async Task RequestStatus_ReturnsTheNewestSnapshotWithoutSubscribing()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var job = server.Publisher.StartJob("job-status", userId: "alice");
        job.ReportProgress(40, "forty");

        var status = await alice.RequestStatusAsync("job-status");
        job.Complete();
        await server.FlushAsync();
        await AssertUsableAsync(server, alice, "alice");

        status!.Progress.Should().Be(40);
        status.Message.Should().Be("forty");
        alice.Events.Should().NotContain(e => e.JobId == "job-status");
    }

    [Fact]
    public async Task SubscribeToMyJobs_ReceivesOwnJobsOnly_IncludingJobsStartedLater()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await alice.SubscribeToMyJobsAsync();

        await using (var bobs = server.Publisher.StartJob("job-bob", userId: "bob"))
        {
            bobs.Complete();
        }

        await server.FlushAsync();
        await using (var alices = server.Publisher.StartJob("job-mine", userId: "alice"))
        {
            alices.ReportProgress(50);
            alices.Complete();
        }

        var received = await alice.WaitForTerminalAsync("job-mine");

        received[0].Type.Should().Be(ProgressEventType.JobStarted);
        received[^1].Type.Should().Be(ProgressEventType.JobComplete);
        received.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        alice.Events.Should().OnlyContain(e => e.JobId == "job-mine", "bob's job was delivered before alice's and must not reach her");
    }

    [Fact]
    public async Task UnsubscribeFromMyJobs_StopsThem()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await alice.SubscribeToMyJobsAsync();
        await alice.Connection.InvokeAsync(nameof(ProgressHub.UnsubscribeFromMyJobs));

        await using (var job = server.Publisher.StartJob("job-quiet", userId: "alice"))
        {
            job.Complete();
        }

        await server.FlushAsync();
        await AssertUsableAsync(server, alice, "alice");
        alice.Events.Should().NotContain(e => e.JobId == "job-quiet");
    }
}
