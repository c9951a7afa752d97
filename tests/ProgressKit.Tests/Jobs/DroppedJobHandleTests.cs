using System.Runtime.CompilerServices;
using ProgressKit.Events;
using ProgressKit.Jobs;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Jobs;

/// <summary>A handle its caller dropped without Dispose ends its job as a disposed one does (issue 17, part 6).</summary>
public class DroppedJobHandleTests
{
    [Fact]
    public async Task HandleDroppedWithoutDispose_IsCollected_AndItsJobEndsAbandoned()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(build: b => b.AddCancellationRequestSource<NeverCancels>(), transports: transport);
        var publisher = (ProgressPublisher)h.Publisher;
        var collected = StartReportAndDrop(h.Publisher, "dropped", "req-1");

        CollectGarbage();

        collected.TryGetTarget(out _).Should().BeFalse("nothing of the publisher keeps a dropped handle reachable, its cancellation polling included");
        await transport.WaitForAsync(d => d.Any(e => e.JobId == "dropped" && e.IsTerminal));
        var last = transport.Delivered.Last(e => e.JobId == "dropped");
        last.Type.Should().Be(ProgressEventType.JobFailed);
        last.Error!.Code.Should().Be(JobLifetime.AbandonedErrorCode);
        last.CorrelationId.Should().Be("req-1");
        await WaitUntilAsync(() => !h.Cancellation.IsRunning("dropped") && publisher.Registry.Count == 0 && publisher.TrackedJobs == 0);
        h.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1033 && r.Message.Contains("req-1"))
            .And.Contain(r => r.Id.Id == 1030 && r.Message.Contains("req-1"));
    }

    [Fact]
    public async Task QuietHandleStillReferenced_IsNotAbandoned()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);
        var quiet = h.Publisher.StartJob("quiet");

        // A dropped companion shows when the finalizers' work has run: the quiet job must be untouched by then.
        StartReportAndDrop(h.Publisher, "companion", null);
        CollectGarbage();
        await transport.WaitForAsync(d => d.Any(e => e.JobId == "companion" && e.IsTerminal));

        quiet.ReportProgress(50);
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Where(e => e.JobId == "quiet").Select(e => e.Type)
            .Should().Equal(ProgressEventType.JobStarted, ProgressEventType.ProgressUpdate);
        h.Cancellation.IsRunning("quiet").Should().BeTrue();
        GC.KeepAlive(quiet);
    }

    [Fact]
    public async Task HandleCompletedThenDropped_PublishesNothingMore()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);

        CompleteAndDrop(h.Publisher, "done");
        StartReportAndDrop(h.Publisher, "companion", null);
        CollectGarbage();
        await transport.WaitForAsync(d => d.Any(e => e.JobId == "companion" && e.IsTerminal));

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Where(e => e.JobId == "done").Select(e => e.Type)
            .Should().Equal(ProgressEventType.JobStarted, ProgressEventType.JobComplete);
        h.Dropped.GetMeasurementSnapshot().Should().BeEmpty("a job that ended through its handle is not abandoned again");
    }

    // Not inlined, so that no local of the test method keeps the handle alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<IProgressJob> StartReportAndDrop(IProgressPublisher publisher, string jobId, string? correlationId)
    {
        var job = publisher.StartJob(jobId, correlationId: correlationId);
        job.ReportProgress(10);
        return new WeakReference<IProgressJob>(job);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CompleteAndDrop(IProgressPublisher publisher, string jobId) => publisher.StartJob(jobId).Complete();

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(1);
        }
    }

    private sealed class NeverCancels : IJobCancellationRequestSource
    {
        public ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken) => ValueTask.FromResult(false);
    }
}
