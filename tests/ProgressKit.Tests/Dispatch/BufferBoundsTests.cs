using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Dispatch;

public class BufferBoundsTests
{
    [Fact]
    public async Task BufferFull_ProgressGoesFirst_TerminalEventsAreNeverDropped()
    {
        var transport = new FakeTransport();
        transport.Hold();
        await using var h = PublisherHarness.Create(o => o.BufferCapacity = 16, transports: transport);

        // 40 jobs, each with a stage transition, progress and a terminal event, into a lane that holds 16.
        for (var j = 0; j < 40; j++)
        {
            h.Publisher.PublishStage($"job-{j}", "work");
            h.Publisher.PublishProgress($"job-{j}", 50);
        }

        for (var j = 0; j < 40; j++)
        {
            h.Publisher.PublishCompleted($"job-{j}");
        }

        transport.Release();
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        var terminals = transport.Delivered.Where(e => e.IsTerminal).Select(e => e.JobId).ToHashSet();
        terminals.Should().HaveCount(40, "terminal events are never dropped");
        var drops = h.Dropped.GetMeasurementSnapshot();
        drops.Should().NotBeEmpty();
        drops.Should().OnlyContain(m => (string?)m.Tags["reason"] == DropReasons.BufferFull);
        foreach (var job in transport.Delivered.GroupBy(e => e.JobId))
        {
            job.Select(e => e.Sequence).Should().BeInAscendingOrder($"job {job.Key} keeps its order under overflow");
            job.Select(e => e.Sequence).Should().OnlyHaveUniqueItems();
            job.Last().IsTerminal.Should().BeTrue();
        }

        transport.Delivered.Count.Should().BeLessThan(120, "the lane held at most its capacity plus what was in flight");
        h.Logs.GetSnapshot().Count(r => r.Id.Id == 1020).Should().Be(1, "the first drop is logged as a warning, the rest at debug");
    }

    [Fact]
    public async Task AfterTerminal_FurtherEventsAreIgnoredAndCounted()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);

        h.Publisher.PublishFailed("job-1", "boom", "It broke.");
        h.Publisher.PublishProgress("job-1", 80);
        h.Publisher.PublishCompleted("job-1");

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Should().ContainSingle().Which.Type.Should().Be(ProgressEventType.JobFailed);
        h.Dropped.GetMeasurementSnapshot().Should().HaveCount(2).And.OnlyContain(m => (string?)m.Tags["reason"] == DropReasons.AfterTerminal);
    }

    [Fact]
    public async Task NoTransport_PublisherIsNoOp_WarnsOnceAndCountsDrops()
    {
        await using var h = PublisherHarness.Create();

        h.Publisher.PublishStage("job-1", "a");
        h.Publisher.PublishCompleted("job-1");

        (await h.Publisher.FlushAsync(TimeSpan.FromSeconds(1))).Should().BeTrue();
        h.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1001)
            .Which.Message.Should().Contain("AddTransport");
        h.Dropped.GetMeasurementSnapshot().Should().HaveCount(2).And.OnlyContain(m => (string?)m.Tags["reason"] == DropReasons.NoTransport);
    }
}
