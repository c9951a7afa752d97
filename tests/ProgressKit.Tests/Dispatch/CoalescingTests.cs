using ProgressKit.Events;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Dispatch;

public class CoalescingTests
{
    [Fact]
    public async Task LaneBehind_SupersededProgressIsCoalesced_TransitionsAreKept()
    {
        var transport = new FakeTransport();
        transport.Hold();
        await using var h = PublisherHarness.Create(transports: transport);

        h.Publisher.PublishStage("job-1", "a");
        for (var i = 1; i <= 50; i++)
        {
            h.Publisher.PublishProgress("job-1", i);
        }

        h.Publisher.PublishAgentStatus("job-1", "geo", AgentStatus.Invoking);
        for (var i = 51; i <= 90; i++)
        {
            h.Publisher.PublishProgress("job-1", i);
        }

        h.Publisher.PublishChunk("job-1", "text");
        h.Publisher.PublishCompleted("job-1");
        transport.Release();

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        var delivered = transport.Delivered;
        delivered.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Type).Should().Equal(
            ProgressEventType.StageStarted, ProgressEventType.AgentStatus, ProgressEventType.Chunk, ProgressEventType.JobComplete);
        delivered.Select(e => e.Sequence).Should().BeInAscendingOrder();
        delivered.Count(e => e.Type == ProgressEventType.ProgressUpdate).Should().BeLessThan(5);
        h.Coalesced.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(94 - delivered.Count);
        delivered[^1].Progress.Should().Be(100);
    }

    [Fact]
    public async Task LaneKeepingUp_NothingIsCoalesced()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);

        for (var i = 1; i <= 20; i++)
        {
            h.Publisher.PublishProgress("job-1", i);
            (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        }

        transport.Delivered.Should().HaveCount(20);
        h.Coalesced.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public async Task MinProgressInterval_HoldsUpdatesBackAndSendsTheNewestWhenDue()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(o => o.MinProgressInterval = TimeSpan.FromMilliseconds(250), fakeTime: true, transports: transport);

        h.Publisher.PublishProgress("job-1", 1);
        await transport.WaitForAsync(d => d.Count == 1);
        for (var i = 2; i <= 10; i++)
        {
            h.Publisher.PublishProgress("job-1", i);
        }

        h.Publisher.PublishStage("job-1", "next");
        await transport.WaitForAsync(d => d.Any(e => e.Type == ProgressEventType.StageStarted));
        h.Publisher.PublishProgress("job-1", 11);
        h.Publisher.PublishProgress("job-1", 12);

        await h.AdvanceUntilAsync(transport.WaitForAsync(d => d.Any(e => e.Progress == 12)), TimeSpan.FromMilliseconds(50));
        transport.Delivered.Select(e => e.Progress).Should().Equal(1, 10, 12);
        transport.Delivered.Select(e => e.Type).Should().Equal(ProgressEventType.ProgressUpdate, ProgressEventType.StageStarted, ProgressEventType.ProgressUpdate);
    }

    [Fact]
    public async Task MinProgressInterval_ASilentJobsEntryIsReleasedWhenItsIntervalEnds_EvenWithThePumpParked()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(o => o.MinProgressInterval = TimeSpan.FromSeconds(30), fakeTime: true, transports: transport);
        var lane = ((ProgressPublisher)h.Publisher).Dispatcher.Lanes.Single();

        h.Publisher.PublishProgress("silent", 10);
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        await WaitUntilAsync(() => lane.IsParked, "an idle lane parks");
        lane.JobCount.Should().Be(1, "an idle job is kept while its interval runs");

        h.Time!.Advance(TimeSpan.FromSeconds(30));

        await WaitUntilAsync(() => lane.JobCount == 0, "the lane's timer wakes the pump when the interval ends; no event is needed");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, because);
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task MinProgressInterval_NeverDelaysStateTransitions()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(o => o.MinProgressInterval = TimeSpan.FromMinutes(1), fakeTime: true, transports: transport);

        h.Publisher.PublishProgress("job-1", 5);
        h.Publisher.PublishStage("job-1", "a");
        h.Publisher.PublishAgentStatus("job-1", "geo", AgentStatus.Complete, confidence: 0.9);
        h.Publisher.PublishCompleted("job-1");

        await transport.WaitForAsync(d => d.Any(e => e.IsTerminal));
        transport.Delivered.Select(e => e.Type).Should().ContainInOrder(ProgressEventType.StageStarted, ProgressEventType.AgentStatus, ProgressEventType.JobComplete);
    }
}
