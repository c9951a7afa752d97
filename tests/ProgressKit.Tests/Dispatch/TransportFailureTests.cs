using ProgressKit.Dispatch;
using ProgressKit.Events;
using ProgressKit.Tests.Fakes;
using ProgressKit.Transports;

namespace ProgressKit.Tests.Dispatch;

/// <summary>Whatever a transport does, the job neither fails nor waits.</summary>
public class TransportFailureTests
{
    [Fact]
    public async Task Publish_TransportThrowsSynchronously_DoesNotThrowAndDeadLetters()
    {
        var deadLetters = new List<DeadLetter>();
        var transport = new ThrowingTransport();
        await using var h = PublisherHarness.Create(o => o.OnDeadLetter = d => { lock (deadLetters) { deadLetters.Add(d); } }, transports: transport);

        var publish = () => h.Publisher.PublishStage("job-1", "loading", 10);

        publish.Should().NotThrow();
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        deadLetters.Should().ContainSingle().Which.TransportName.Should().Be("throwing");
        h.Failed.GetMeasurementSnapshot().Should().ContainSingle(m => (string?)m.Tags["kind"] == "permanent");
    }

    [Fact]
    public async Task Publish_TransportFaultsPermanently_IsNotRetried()
    {
        var transport = new FakeTransport { Behavior = (_, _, _) => throw new TransportException("too large", TransportFailureKind.Permanent, statusCode: 413) };
        await using var h = PublisherHarness.Create(transports: transport);

        h.Publisher.PublishStage("job-1", "loading");

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.TotalAttempts.Should().Be(1);
        h.Retried.GetMeasurementSnapshot().Should().BeEmpty();
        h.Failed.GetMeasurementSnapshot().Should().ContainSingle();
    }

    [Fact]
    public async Task Publish_TransientFailures_AreRetriedUntilDelivered()
    {
        var transport = new FakeTransport
        {
            Behavior = (_, attempt, _) => attempt < 3 ? throw new TransportException("throttled", TransportFailureKind.Transient, statusCode: 429) : ValueTask.CompletedTask,
        };
        await using var h = PublisherHarness.Create(fakeTime: true, transports: transport);

        h.Publisher.PublishStage("job-1", "loading");

        await h.AdvanceUntilAsync(transport.WaitForAsync(d => d.Count == 1), TimeSpan.FromMilliseconds(20));
        transport.TotalAttempts.Should().Be(3);
        h.Retried.GetMeasurementSnapshot().Should().HaveCount(2);
        h.Failed.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public async Task Publish_TransportHangsIgnoringCancellation_AttemptTimesOut_NoRetryOverlapsIt_NextEventWaitsForIt()
    {
        var hang = new TaskCompletionSource();
        var transport = new FakeTransport
        {
            // Ignores the token on purpose: the dispatcher must abandon the attempt anyway.
            Behavior = (e, attempt, _) => e.Sequence == 1 && attempt == 1 ? new ValueTask(hang.Task) : ValueTask.CompletedTask,
        };
        await using var h = PublisherHarness.Create(o => o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1), fakeTime: true, transports: transport);

        h.Publisher.PublishStage("job-1", "loading");
        h.Publisher.PublishCompleted("job-1");

        // The attempt times out and is retried, but no retry calls the transport while the abandoned attempt may still
        // deliver #1; once the retries are spent, the lane says it waits for that attempt.
        var waiting = WaitUntil(() => Task.FromResult(h.Logs.GetSnapshot().Any(r => r.Id.Id == 1015)));
        await h.AdvanceUntilAsync(waiting, TimeSpan.FromMilliseconds(200));
        transport.Delivered.Should().BeEmpty("#2 must not start while an attempt of #1 may still run");
        transport.TotalAttempts.Should().Be(1, "a retry never overlaps an attempt that ignored its cancellation");
        h.Retried.GetMeasurementSnapshot().Should().NotBeEmpty();

        // Once the abandoned attempt ends, it decides: it delivered #1, so #1 is delivered once, and #2 follows.
        hang.SetResult();
        await h.AdvanceUntilAsync(transport.WaitForAsync(d => d.Any(e => e.IsTerminal)), TimeSpan.FromMilliseconds(200));
        transport.Delivered.Select(e => e.Sequence).Should().Equal(1, 2);
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        h.Failed.GetMeasurementSnapshot().Should().BeEmpty("the abandoned attempt delivered the event");
        h.Delivered.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(2);
    }

    [Fact]
    public async Task Publish_SlowTransport_ReturnsBeforeTheTransportFinishes()
    {
        var transport = new FakeTransport();
        transport.Hold();
        await using var h = PublisherHarness.Create(transports: transport);

        for (var i = 0; i < 100; i++)
        {
            h.Publisher.PublishProgress("job-1", i);
        }

        h.Published.GetMeasurementSnapshot().Should().HaveCount(100, "every call returned while the transport was blocked");
        transport.Delivered.Should().BeEmpty();
        transport.Release();
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
    }

    [Fact]
    public async Task Publish_DisposedTransport_DeadLettersWithoutThrowing()
    {
        var transport = new FakeTransport { Behavior = (_, _, _) => throw new ObjectDisposedException("transport") };
        await using var h = PublisherHarness.Create(transports: transport);

        h.Publisher.PublishCompleted("job-1");

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.TotalAttempts.Should().Be(1);
        h.Failed.GetMeasurementSnapshot().Should().ContainSingle();
    }

    [Fact]
    public async Task SlowTransport_DoesNotDelayAnotherTransport()
    {
        var slow = new FakeTransport("slow");
        slow.Hold();
        var fast = new FakeTransport("fast");
        await using var h = PublisherHarness.Create(transports: [slow, fast]);

        using (var job = h.Publisher.StartJob("job-1"))
        {
            job.StartStage("work");
            job.Complete();
        }

        await fast.WaitForAsync(d => d.Any(e => e.IsTerminal));
        slow.Delivered.Should().BeEmpty();
        slow.Release();
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        slow.Delivered.Should().HaveCount(3);
    }

    [Fact]
    public async Task ConfigurationFailure_OpensCircuit_EventsWaitAndArriveAfterTheFix()
    {
        var forbidden = true;
        var transport = new FakeTransport
        {
            Behavior = (_, _, _) => Volatile.Read(ref forbidden) ? throw new TransportException("403 Forbidden", TransportFailureKind.Configuration, statusCode: 403) : ValueTask.CompletedTask,
        };
        await using var h = PublisherHarness.Create(o => o.Resilience.CircuitBreakDuration = TimeSpan.FromSeconds(5), fakeTime: true, transports: transport);

        h.Publisher.PublishStage("job-1", "work");
        h.Publisher.PublishCompleted("job-1");
        var degraded = WaitUntil(async () => await HealthOf(h) == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        await h.AdvanceUntilAsync(degraded, TimeSpan.FromMilliseconds(10));

        transport.TotalAttempts.Should().Be(1, "a configuration failure is not retried");
        h.Logs.GetSnapshot().Count(r => r.Id.Id == 1011).Should().Be(1, "logged loudly once");
        Volatile.Write(ref forbidden, false);
        await h.AdvanceUntilAsync(transport.WaitForAsync(d => d.Any(e => e.IsTerminal)), TimeSpan.FromSeconds(1));
        transport.Delivered.Select(e => e.Sequence).Should().Equal(1, 2);
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        // A rejected attempt is not an event failed: the counters add up (2 published = 2 delivered).
        h.Rejected.GetMeasurementSnapshot().Should().NotBeEmpty().And.OnlyContain(m => (string?)m.Tags["kind"] == "configuration");
        h.Failed.GetMeasurementSnapshot().Should().BeEmpty();
        Sum(h.Published).Should().Be(2);
        Sum(h.Delivered).Should().Be(2);
        Sum(h.Coalesced).Should().Be(0);
        Sum(h.Dropped).Should().Be(0);
    }

    private static long Sum(Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long> collector) =>
        collector.GetMeasurementSnapshot().Sum(m => m.Value);

    private static async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus> HealthOf(PublisherHarness h)
    {
        var check = new ProgressKit.Diagnostics.ProgressKitHealthCheck((ProgressDispatcher)h.Services.GetService(typeof(ProgressDispatcher))!);
        return (await check.CheckHealthAsync(new())).Status;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        while (!await condition())
        {
            await Task.Delay(2);
        }
    }

    private sealed class ThrowingTransport : IProgressTransport
    {
        public string Name => "throwing";

        public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bug in transport");
    }
}
