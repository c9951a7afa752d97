using ProgressKit.Tests.Fakes;
using ProgressKit.Transports;

namespace ProgressKit.Tests.Dispatch;

/// <summary>
/// Configuration faults (401, 403, ...): the circuit is isolated, the events wait, one probe goes out per break
/// duration, and the counters add up. The interleavings that could leave a lane isolated with nothing to probe are
/// scripted through the fake transport.
/// </summary>
public class ConfigurationFaultTests
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    private static TransportException Forbidden() => new("403 Forbidden", TransportFailureKind.Configuration, statusCode: 403);

    [Fact]
    public async Task AnotherJobSucceeds_BetweenTheFaultAndItsIsolation_TheLaneStillProbesAndRecovers()
    {
        var forbidden = 1;
        var releaseB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new FakeTransport();
        transport.Behavior = async (e, _, _) =>
        {
            if (e.JobId == "b" && e.Sequence == 1)
            {
                await releaseB.Task;
            }

            if (e.JobId == "a" && Volatile.Read(ref forbidden) == 1)
            {
                // The scripted interleaving: job b's send succeeds after a's attempt began and before a's fault is
                // handled. Before the fix this success cleared the lane's fault flag, and the isolation that followed
                // was never probed: the lane stalled for good.
                releaseB.TrySetResult();
                await transport.WaitForAsync(d => d.Any(x => x.JobId == "b"));
                throw Forbidden();
            }
        };
        await using var h = PublisherHarness.Create(o => o.Resilience.CircuitBreakDuration = BreakDuration, fakeTime: true, transports: transport);

        h.Publisher.PublishStage("b", "work");
        await WaitUntilAsync(() => transport.TotalAttempts == 1);
        h.Publisher.PublishStage("a", "work");
        await h.Rejected.WaitForMeasurementsAsync(1, TestTimeouts.Signal);
        transport.Delivered.Select(e => e.JobId).Should().Equal("b");

        h.Publisher.PublishCompleted("b");
        Volatile.Write(ref forbidden, 0);
        await h.AdvanceUntilAsync(transport.WaitForAsync(d => d.Count(x => x.IsTerminal) == 1 && d.Any(x => x.JobId == "a")), TimeSpan.FromSeconds(1));
        h.Publisher.PublishCompleted("a");
        await h.AdvanceUntilAsync(h.Publisher.FlushAsync(TestTimeouts.Signal), TimeSpan.FromSeconds(1));

        transport.Delivered.Where(e => e.JobId == "a").Select(e => e.Sequence).Should().Equal(1, 2);
        transport.Delivered.Where(e => e.JobId == "b").Select(e => e.Sequence).Should().Equal(1, 2);
        h.Failed.GetMeasurementSnapshot().Should().BeEmpty("a rejected attempt is not a failed event");
        Sum(h.Published).Should().Be(Sum(h.Delivered) + Sum(h.Coalesced) + Sum(h.Dropped) + Sum(h.Failed)).And.Be(4);
    }

    [Fact]
    public async Task WhileIsolated_OnlyTheProbeIsSent_OnePerBreak_ThenEverythingArrivesAfterTheFix()
    {
        var forbidden = 1;
        var transport = new FakeTransport
        {
            Behavior = (_, _, _) => Volatile.Read(ref forbidden) == 1 ? throw Forbidden() : ValueTask.CompletedTask,
        };
        await using var h = PublisherHarness.Create(o => o.Resilience.CircuitBreakDuration = BreakDuration, fakeTime: true, transports: transport);

        // Three jobs' sends are in flight together when the faults arrive.
        transport.Hold();
        foreach (var job in new[] { "j1", "j2", "j3" })
        {
            h.Publisher.PublishStage(job, "work");
        }

        await WaitUntilAsync(() => transport.TotalAttempts == 3);
        transport.Release();
        await h.Rejected.WaitForMeasurementsAsync(3, TestTimeouts.Signal);

        // The fake clock moves in steps of a fifth of the break: a second probe within one break would show here.
        for (var probe = 1; probe <= 3; probe++)
        {
            await h.AdvanceUntilAsync(h.Rejected.WaitForMeasurementsAsync(3 + probe, TestTimeouts.Signal), BreakDuration / 5);
            transport.TotalAttempts.Should().Be(3 + probe, "an isolated circuit lets one probe through per break, never the other waiting jobs");
        }

        h.Logs.GetSnapshot().Count(r => r.Id.Id == 1011).Should().Be(1, "logged loudly once until the configuration is fixed");
        Volatile.Write(ref forbidden, 0);
        await h.AdvanceUntilAsync(transport.WaitForAsync(d => d.Count == 3), TimeSpan.FromSeconds(1));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        transport.Delivered.Select(e => e.JobId).Should().BeEquivalentTo("j1", "j2", "j3");
        h.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1013, "the circuit closed once the probe succeeded");
        h.Failed.GetMeasurementSnapshot().Should().BeEmpty();
        Sum(h.Published).Should().Be(3).And.Be(Sum(h.Delivered));
    }

    private static long Sum(Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long> collector) =>
        collector.GetMeasurementSnapshot().Sum(m => m.Value);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(1);
        }
    }
}
