using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Jobs;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Jobs;

public class ProgressJobTests
{
    [Fact]
    public async Task WeightedStages_TurnIntoOverallPercent()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);

        // Flushing after each step keeps the lane from coalescing, so every event can be checked.
        using (var job = h.Publisher.StartJob("job-1", stages: [("ingest", 1), ("agents", 3), ("synthesize", 2)]))
        {
            foreach (var step in new Action[]
            {
                () => job.StartStage("ingest"), () => job.ReportStageProgress(0.5), () => job.CompleteStage(),
                () => job.StartStage("agents"), () => job.ReportStageProgress(0.5), () => job.StartStage("synthesize"),
                () => job.ReportStageProgress(1), () => job.Complete(),
            })
            {
                step();
                (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
            }
        }

        var progress = transport.Delivered.Select(e => e.Progress).ToList();
        progress.Should().BeInAscendingOrder().And.StartWith(0);
        progress.Should().Equal(0, 0, 8.33, 16.67, 16.67, 41.67, 66.67, 100, 100);
        transport.Delivered[^1].Progress.Should().Be(100);
        transport.Delivered.Single(e => e.Type == ProgressEventType.ProgressUpdate && e.Stage == "agents").StageProgress.Should().Be(50);
    }

    [Fact]
    public async Task Progress_NeverDecreases()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);

        using var job = h.Publisher.StartJob("job-1");
        job.ReportProgress(60);
        job.ReportProgress(40);

        job.Progress.Should().Be(60);
    }

    [Fact]
    public async Task RemainingTime_IsEstimatedFromObservedProgress_WhenTheCallerGivesNone()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(fakeTime: true, transports: transport);

        using var job = h.Publisher.StartJob("job-1");
        h.Time!.Advance(TimeSpan.FromSeconds(10));
        job.ReportProgress(25);
        await transport.WaitForAsync(d => d.Count == 2);
        job.ReportProgress(30, estimatedSecondsRemaining: 7);
        await transport.WaitForAsync(d => d.Count == 3);
        transport.Delivered[0].EstimatedSecondsRemaining.Should().BeNull("nothing is known at the start");
        transport.Delivered[1].EstimatedSecondsRemaining.Should().Be(30, "25% took 10 s, so 75% takes 30 s");
        transport.Delivered[2].EstimatedSecondsRemaining.Should().Be(7, "the caller's own estimate wins");
    }

    [Fact]
    public async Task Dispose_WithoutTerminalEvent_PublishesAbandoned()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);

        await using (var job = h.Publisher.StartJob("job-1", "u1", correlationId: "req-9"))
        {
            job.StartStage("work");
        }

        await transport.WaitForAsync(d => d.Any(e => e.IsTerminal));
        var last = transport.Delivered[^1];
        last.Type.Should().Be(ProgressEventType.JobFailed);
        last.Error!.Code.Should().Be("abandoned");
        last.CorrelationId.Should().Be("req-9");
        h.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1030 && r.Message.Contains("req-9"));
    }

    [Fact]
    public async Task HostStop_AbandonsOpenJobsAndDrainsTheLanes()
    {
        var transport = new FakeTransport();
        var h = PublisherHarness.Create(transports: transport);
        var job = h.Publisher.AcceptJob("job-1");
        job.Start();
        var hosted = h.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Single();

        await hosted.StopAsync(CancellationToken.None);

        transport.Delivered.Select(e => e.Type).Should().Equal(ProgressEventType.JobAccepted, ProgressEventType.JobStarted, ProgressEventType.JobFailed);
        transport.Delivered[^1].Error!.Code.Should().Be("abandoned");
        await h.DisposeAsync();
    }

    [Fact]
    public async Task ClientCancel_CancelsTheTokenAndPublishesJobCancelled()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);
        using var job = h.Publisher.StartJob("job-1");
        var cancelled = new TaskCompletionSource();
        job.CancellationToken.Register(() => cancelled.TrySetResult());

        h.Cancellation.IsRunning("job-1").Should().BeTrue();
        h.Cancellation.TryRequestCancellation("job-1").Should().BeTrue();

        await cancelled.Task.WaitAsync(TestTimeouts.Signal);
        job.Status.Should().Be(JobStatus.Cancelled);
        job.ReportProgress(90);
        job.Complete();
        await transport.WaitForAsync(d => d.Any(e => e.IsTerminal));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Select(e => e.Type).Should().Equal(ProgressEventType.JobStarted, ProgressEventType.JobCancelled);
        h.Cancellation.IsRunning("job-1").Should().BeFalse();
        h.Cancellation.TryRequestCancellation("job-1").Should().BeFalse();
    }

    [Fact]
    public async Task CancellationRequestSource_IsPolledAndCancelsTheJob()
    {
        var transport = new FakeTransport();
        var source = new FlagSource();
        await using var h = PublisherHarness.Create(
            o => o.CancellationPollInterval = TimeSpan.FromSeconds(1),
            fakeTime: true,
            build: b => b.AddCancellationRequestSource<FlagSource>().Services.AddSingleton(source),
            transports: transport);
        // Registered through the builder the way transports do it.
        using var job = ((IProgressPublisher)h.Publisher).StartJob("job-1");
        var tokenCancelled = new TaskCompletionSource();
        job.CancellationToken.Register(() => tokenCancelled.TrySetResult());

        source.Requested = true;

        await h.AdvanceUntilAsync(transport.WaitForAsync(d => d.Any(e => e.Type == ProgressEventType.JobCancelled)), TimeSpan.FromMilliseconds(500));
        await tokenCancelled.Task.WaitAsync(TestTimeouts.Signal);
    }

    [Fact]
    public async Task InvalidArguments_ThrowClearArgumentExceptions()
    {
        await using var h = PublisherHarness.Create(transports: new FakeTransport());

        h.Invoking(x => x.Publisher.StartJob(null!)).Should().Throw<ArgumentNullException>().WithParameterName("jobId");
        h.Invoking(x => x.Publisher.PublishStage("bad id!", "s")).Should().Throw<ArgumentException>().WithMessage("*letters, digits*");
        h.Invoking(x => x.Publisher.PublishStage(new string('a', 129), "s")).Should().Throw<ArgumentException>().WithMessage("*at most 128*");
        h.Invoking(x => x.Publisher.StartJob("ok", stages: [("a", 0)])).Should().Throw<ArgumentException>().WithMessage("*positive*");
        h.Invoking(x => x.Publisher.StartJob("ok2", stages: [("a", 1), ("a", 2)])).Should().Throw<ArgumentException>().WithMessage("*twice*");
        h.Invoking(x => x.Publisher.PublishFailed("ok3", "", "m")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Complete_CarriesResultsAndEveryEventCarriesTheJobState()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(o => o.Source = "orchestrator", transports: transport);
        using var results = JsonDocument.Parse("""{"answer":42}""");

        using (var job = h.Publisher.StartJob("job-1", "u1", "t1", metadata: new Dictionary<string, string> { ["k"] = "v" }))
        {
            job.StartStage("a");
            job.ReportAgentStatus("geo", AgentStatus.Complete, confidence: 0.8);
            job.Complete(results.RootElement);
        }

        await transport.WaitForAsync(d => d.Any(e => e.IsTerminal));
        transport.Delivered.Should().OnlyContain(e => e.UserId == "u1" && e.TenantId == "t1" && e.Source == "orchestrator" && e.Metadata!["k"] == "v");
        transport.Delivered.Skip(1).Should().OnlyContain(e => e.Stage == "a");
        transport.Delivered[^1].Results!.Value.GetProperty("answer").GetInt32().Should().Be(42);
    }

    private sealed class FlagSource : IJobCancellationRequestSource
    {
        public volatile bool Requested;

        public ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken) => ValueTask.FromResult(Requested);
    }
}
