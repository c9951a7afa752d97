using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

public class InMemoryJobStreamStoreResumeTests
{
    [Fact]
    public async Task Read_CursorWithinTheLog_IsGaplessWithEveryEventAfterIt()
    {
        using var h = new StreamStoreHarness();
        var job = Publish(h, "j", 6);

        var read = await h.Store.ReadAsync("j", Cursor(2));

        read.Outcome.Should().Be(ResumeOutcome.Gapless);
        read.Events.Select(e => e.Sequence).Should().Equal(3, 4, 5, 6);
        read.Position.Should().Be(new JobStreamPosition(StreamStoreHarness.Epoch, 6, job.Kept));
        read.State.Should().BeNull();
    }

    [Fact]
    public async Task Read_CursorAtTheNewestEvent_IsGaplessWithNothingToReplay()
    {
        using var h = new StreamStoreHarness();
        Publish(h, "j", 3);

        var read = await h.Store.ReadAsync("j", Cursor(3, epoch: null));

        read.Outcome.Should().Be(ResumeOutcome.Gapless);
        read.Events.Should().BeEmpty();
        read.Position!.Value.Sequence.Should().Be(3);
    }

    [Fact]
    public async Task Read_EventsAfterTheCursorEvicted_IsTruncatedWithSnapshotAndWholeText()
    {
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 2);
        var job = new JobScript("j");
        h.Store.Append(job.Chunk("Hello, "));
        h.Store.Append(job.Chunk("world"));
        h.Store.Append(job.Progress());
        var newest = job.Chunk("!");
        h.Store.Append(newest);

        var read = await h.Store.ReadAsync("j", Cursor(1));

        read.Outcome.Should().Be(ResumeOutcome.Truncated);
        read.Events.Should().BeEmpty();
        read.State!.Snapshot.Should().BeSameAs(newest);
        read.State.Streams["output"].Should().BeEquivalentTo(new JobStreamText("Hello, world!", 3, cut: false));
        read.Position.Should().Be(new JobStreamPosition(StreamStoreHarness.Epoch, 4, 3));
    }

    [Fact]
    public async Task Read_ReplayLongerThanTheBound_IsTruncated()
    {
        using var h = new StreamStoreHarness(o => o.MaxReplayEvents = 3);
        Publish(h, "j", 10);

        (await h.Store.ReadAsync("j", Cursor(7))).Outcome.Should().Be(ResumeOutcome.Gapless);
        var read = await h.Store.ReadAsync("j", Cursor(6));

        read.Outcome.Should().Be(ResumeOutcome.Truncated);
        read.State!.Snapshot.Sequence.Should().Be(10);
    }

    [Fact]
    public async Task Read_CursorOfAnotherEpoch_IsNewEpochWithTheState()
    {
        using var h = new StreamStoreHarness();
        Publish(h, "j", 4);
        var restarted = new JobScript("j", StreamStoreHarness.LaterEpoch);
        h.Store.Append(restarted.Chunk("fresh"));

        var read = await h.Store.ReadAsync("j", Cursor(4));

        read.Outcome.Should().Be(ResumeOutcome.NewEpoch);
        read.Position.Should().Be(new JobStreamPosition(StreamStoreHarness.LaterEpoch, 1, 1));
        read.State!.Streams["output"].Text.Should().Be("fresh", "a new epoch starts the job's text afresh");
        (await h.Store.ReadAsync("j", Cursor(0, StreamStoreHarness.LaterEpoch))).Events.Should().ContainSingle();
    }

    [Fact]
    public async Task Read_WithoutCursor_IsTruncatedWithTheState()
    {
        using var h = new StreamStoreHarness();
        Publish(h, "j", 2);

        var read = await h.Store.ReadAsync("j", cursor: null);

        read.Outcome.Should().Be(ResumeOutcome.Truncated);
        read.State!.Snapshot.Sequence.Should().Be(2);
    }

    [Fact]
    public async Task Read_CursorAfterTheJobsPosition_IsTruncated()
    {
        using var h = new StreamStoreHarness();
        Publish(h, "j", 2);

        (await h.Store.ReadAsync("j", Cursor(5))).Outcome.Should().Be(ResumeOutcome.Truncated);
    }

    [Fact]
    public async Task Read_UnknownJob_IsTruncatedWithoutPositionOrState()
    {
        using var h = new StreamStoreHarness();

        var read = await h.Store.ReadAsync("nobody", Cursor(3));

        read.Outcome.Should().Be(ResumeOutcome.Truncated);
        read.Position.Should().BeNull();
        read.State.Should().BeNull();
        read.Events.Should().BeEmpty();
        h.Resumes.GetMeasurementSnapshot().Should().ContainSingle(m => Equals(m.Tags["outcome"], "truncated"));
    }

    [Fact]
    public async Task EveryResumeAnswer_IsCountedOnceByOutcome_AndAGaplessOneRecordsItsReplaySize()
    {
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 5);
        using var replaySize = new MetricCollector<long>(h.Meters, "ProgressKit", "progresskit.stream.replay.size");
        Publish(h, "j", 8);

        await h.Store.ReadAsync("j", Cursor(5));
        await h.Store.ReadAsync("j", Cursor(8));
        await h.Store.ReadAsync("j", Cursor(1));
        await h.Store.ReadAsync("j", null);
        await h.Store.ReadAsync("j", Cursor(3, StreamStoreHarness.LaterEpoch));

        h.Resumes.GetMeasurementSnapshot().Select(m => ((string)m.Tags["outcome"]!, m.Value)).Should().Equal(
            ("gapless", 1L), ("gapless", 1L), ("truncated", 1L), ("truncated", 1L), ("new_epoch", 1L));
        replaySize.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal([3L, 0L], "a gapless answer records how many events it replays; the others record none");
    }

    [Fact]
    public async Task Read_JobContinuedFromAHandOffCursor_ReplaysFromTheFirstEventThisStoreHolds()
    {
        using var h = new StreamStoreHarness();
        var job = new JobScript("j");
        job.Next();
        job.Next();
        h.Store.Append(job.Next());
        h.Store.Append(job.Next());

        (await h.Store.ReadAsync("j", Cursor(2))).Events.Select(e => e.Sequence).Should().Equal(3, 4);
        (await h.Store.ReadAsync("j", Cursor(1))).Outcome.Should().Be(ResumeOutcome.Truncated, "this store never held seq 2");
    }

    [Fact]
    public async Task Read_AfterAGapInTheSequence_NeverReplaysAcrossIt()
    {
        using var h = new StreamStoreHarness();
        var job = new JobScript("j");
        h.Store.Append(job.Next());
        job.Next();
        h.Store.Append(job.Next());

        (await h.Store.ReadAsync("j", Cursor(0))).Outcome.Should().Be(ResumeOutcome.Truncated);
        (await h.Store.ReadAsync("j", Cursor(2))).Events.Select(e => e.Sequence).Should().Equal(3);
        StreamStoreHarness.Sum(h.Evicted, "discontinuity").Should().Be(1);
    }

    private static JobScript Publish(StreamStoreHarness h, string jobId, int count)
    {
        var job = new JobScript(jobId);
        for (var i = 1; i <= count; i++)
        {
            h.Store.Append(i % 2 == 0 ? job.Progress() : job.Next());
        }

        return job;
    }

    private static JobStreamCursor Cursor(long afterSequence, string? epoch = StreamStoreHarness.Epoch)
    {
        JobStreamCursor.TryCreate(afterSequence, epoch, out var cursor).Should().BeTrue();
        return cursor;
    }
}
