using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

public class InMemoryJobStreamStoreTests
{
    [Fact]
    public async Task Append_KeepsTheNewestEventAndItsPosition()
    {
        using var h = new StreamStoreHarness();
        var job = new JobScript("j");

        h.Store.Append(job.Next());
        h.Store.Append(job.Progress());
        var newest = job.Chunk("hi");
        h.Store.Append(newest);

        var state = await h.Store.GetStateAsync("j");
        state!.Snapshot.Should().BeSameAs(newest);
        state.Position.Should().Be(new JobStreamPosition(StreamStoreHarness.Epoch, 3, 2));
        (await h.Store.GetStateAsync("unknown")).Should().BeNull();
    }

    [Fact]
    public async Task GetSnapshot_ReturnsTheNewestEventWithoutTheText_NullForAnUnknownJob()
    {
        using var h = new StreamStoreHarness();
        var job = new JobScript("j");
        h.Store.Append(job.Next());
        var newest = job.Chunk("hi");
        h.Store.Append(newest);

        (await h.Store.GetSnapshotAsync("j")).Should().BeSameAs(newest);
        (await h.Store.GetSnapshotAsync("unknown")).Should().BeNull();
        (await new JobStreamSnapshotStore(h.Store).GetAsync("j")).Should().BeSameAs(newest, "the snapshot view reads the same");
    }

    [Fact]
    public async Task Append_EventNotAfterThePosition_IsRefusedAndCounted()
    {
        using var h = new StreamStoreHarness();
        var job = new JobScript("j");
        var first = job.Next();
        var second = job.Next();
        h.Store.Append(first);
        h.Store.Append(second);

        h.Store.Append(first);
        h.Store.Append(new JobScript("j", "0000000000000000").Next());

        (await h.Store.GetStateAsync("j"))!.Snapshot.Should().BeSameAs(second);
        StreamStoreHarness.Sum(h.Refused, "not_after_position").Should().Be(1);
        StreamStoreHarness.Sum(h.Refused, "older_epoch").Should().Be(1);
        h.Store.EventCount.Should().Be(2);
    }

    [Fact]
    public async Task Log_KeepsAtMostMaxEventsPerJob_OldestEvictedFirst()
    {
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 3);
        var job = new JobScript("j");
        for (var i = 0; i < 5; i++)
        {
            h.Store.Append(job.Next());
        }

        h.Store.EventCount.Should().Be(3);
        var read = await h.Store.ReadAsync("j", Cursor(2));
        read.Outcome.Should().Be(ResumeOutcome.Gapless);
        read.Events.Select(e => e.Sequence).Should().Equal(3, 4, 5);
        (await h.Store.ReadAsync("j", Cursor(1))).Outcome.Should().Be(ResumeOutcome.Truncated, "seq 2 was evicted");
        StreamStoreHarness.Sum(h.Evicted, "job_events").Should().Be(2);
    }

    [Fact]
    public async Task Log_KeepsAtMostMaxBytesPerJob()
    {
        using var h = new StreamStoreHarness(o => o.MaxBytesPerJob = 4096);
        var job = new JobScript("j");
        for (var i = 0; i < 10; i++)
        {
            h.Store.Append(job.Chunk(new string('x', 500)));
        }

        h.Store.ByteCount.Should().BeLessThanOrEqualTo(4096).And.BeGreaterThan(4096 - 1400);
        (await h.Store.ReadAsync("j", Cursor(9))).Events.Should().ContainSingle().Which.Sequence.Should().Be(10);
        StreamStoreHarness.Sum(h.Evicted, "job_bytes").Should().Be(10 - h.Store.EventCount);
    }

    [Fact]
    public async Task Log_TotalBounds_EvictTheOldestEventOfAnyJob()
    {
        using var h = new StreamStoreHarness(o => o.MaxTotalEvents = 4);
        var a = new JobScript("a");
        var b = new JobScript("b");
        h.Store.Append(a.Next());
        h.Store.Append(b.Next());
        h.Store.Append(a.Next());
        h.Store.Append(b.Next());

        h.Store.Append(b.Next());

        h.Store.EventCount.Should().Be(4);
        (await h.Store.ReadAsync("a", Cursor(0))).Outcome.Should().Be(ResumeOutcome.Truncated, "a's first event was the oldest of all");
        (await h.Store.ReadAsync("b", Cursor(0))).Events.Select(e => e.Sequence).Should().Equal(1, 2, 3);
        StreamStoreHarness.Sum(h.Evicted, "total_events").Should().Be(1);
    }

    [Fact]
    public void Log_TotalBytes_IsBounded()
    {
        using var h = new StreamStoreHarness(o => o.MaxTotalBytes = 8192);
        for (var i = 0; i < 50; i++)
        {
            h.Store.Append(new JobScript($"j{i}").Chunk(new string('y', 300)));
        }

        h.Store.ByteCount.Should().BeLessThanOrEqualTo(8192);
        h.Store.JobCount.Should().Be(50, "evicting events does not release jobs: their snapshots stay");
        StreamStoreHarness.Sum(h.Evicted, "total_bytes").Should().Be(50 - h.Store.EventCount);
    }

    [Fact]
    public async Task MaxJobs_ReleasesFinishedJobsFirst_ThenTheLeastRecentlyPublished()
    {
        using var h = new StreamStoreHarness(o => o.MaxJobs = 3);
        var a = new JobScript("a");
        var b = new JobScript("b");
        var c = new JobScript("c");
        h.Store.Append(a.Next());
        h.Store.Append(b.Next());
        h.Store.Append(c.Complete());
        h.Store.Append(a.Next());

        h.Store.Append(new JobScript("d").Next());
        h.Store.Append(new JobScript("e").Next());

        (await h.Store.GetStateAsync("c")).Should().BeNull("finished jobs go first");
        (await h.Store.GetStateAsync("b")).Should().BeNull("then the least recently published");
        (await h.Store.GetStateAsync("a")).Should().NotBeNull();
        h.Store.JobCount.Should().Be(3);
        StreamStoreHarness.Sum(h.Released, "capacity").Should().Be(2);
    }

    [Fact]
    public async Task Streams_KeepEachStreamsTextInChunkOrder()
    {
        using var h = new StreamStoreHarness();
        var job = new JobScript("j");
        h.Store.Append(job.Chunk("Hel"));
        h.Store.Append(job.Chunk("lo", "log"));
        h.Store.Append(job.Chunk("lo"));
        h.Store.Append(job.Progress());

        var streams = (await h.Store.GetStateAsync("j"))!.Streams;

        streams["output"].Should().BeEquivalentTo(new JobStreamText("Hello", 2, cut: false));
        streams["log"].Should().BeEquivalentTo(new JobStreamText("lo", 1, cut: false));
    }

    [Fact]
    public async Task Streams_PastTheBound_KeepTheBeginningAndAreMarkedCut()
    {
        using var h = new StreamStoreHarness(o => o.MaxStreamTextLength = 6);
        var job = new JobScript("j");
        h.Store.Append(job.Chunk("abcd"));
        h.Store.Append(job.Chunk("x\uD83D\uDE00yz"));
        h.Store.Append(job.Chunk("more"));
        h.Store.Append(job.Chunk("!", "other"));
        h.Store.Append(job.Chunk("?", "other"));

        var streams = (await h.Store.GetStateAsync("j"))!.Streams;

        streams["output"].Should().BeEquivalentTo(new JobStreamText("abcdx", 3, cut: true), "a surrogate pair is never split");
        streams["other"].Should().BeEquivalentTo(new JobStreamText("!", 2, cut: true), "the bound is per job, over all its streams");
    }

    [Fact]
    public async Task Streams_MissingChunk_KeepsTheTextBeforeItAndMarksCut()
    {
        using var h = new StreamStoreHarness();
        var job = new JobScript("j");
        h.Store.Append(job.Chunk("a"));
        job.Chunk("lost");
        h.Store.Append(job.Chunk("c"));

        (await h.Store.GetStateAsync("j"))!.Streams["output"].Should().BeEquivalentTo(new JobStreamText("a", 3, cut: true));
    }

    [Fact]
    public async Task Streams_NewEpoch_StartEveryStreamAfresh()
    {
        using var h = new StreamStoreHarness();
        var first = new JobScript("j");
        h.Store.Append(first.Chunk("old "));
        h.Store.Append(first.Chunk("text"));
        var restarted = new JobScript("j", StreamStoreHarness.LaterEpoch);
        h.Store.Append(restarted.Chunk("new"));
        h.Store.Append(restarted.Chunk("!"));

        (await h.Store.GetStateAsync("j"))!.Streams["output"].Should().BeEquivalentTo(new JobStreamText("new!", 2, cut: false));
    }

    [Fact]
    public async Task Streams_BeyondMaxStreamsPerJob_AreNotKept()
    {
        using var h = new StreamStoreHarness(o => o.MaxStreamsPerJob = 1);
        var job = new JobScript("j");
        h.Store.Append(job.Chunk("a"));
        h.Store.Append(job.Chunk("b", "second"));

        (await h.Store.GetStateAsync("j"))!.Streams.Keys.Should().Equal("output");
    }

    [Fact]
    public async Task FinishedJob_IsKeptForTheRetention_ThenReleasedByTheTimer()
    {
        using var h = new StreamStoreHarness(o =>
        {
            o.FinishedJobRetention = TimeSpan.FromMinutes(10);
            o.ExpiryScanInterval = TimeSpan.FromMinutes(1);
        });
        var job = new JobScript("j");
        h.Store.Append(job.Chunk("text"));
        h.Store.Append(job.Complete());

        h.Time.Advance(TimeSpan.FromMinutes(9));
        (await h.Store.GetStateAsync("j")).Should().NotBeNull();

        h.Time.Advance(TimeSpan.FromMinutes(1));

        h.Store.JobCount.Should().Be(0, "the timer released it without a read");
        h.Store.EventCount.Should().Be(0);
        h.Store.ByteCount.Should().Be(0);
        StreamStoreHarness.Sum(h.Released, "finished").Should().Be(1);
    }

    [Fact]
    public async Task IdleJob_IsReleasedAfterTheIdleTimeToLive_EvenBetweenTimerTicks()
    {
        using var h = new StreamStoreHarness(o =>
        {
            o.IdleTimeToLive = TimeSpan.FromMinutes(5);
            o.ExpiryScanInterval = TimeSpan.FromHours(1);
        });
        var job = new JobScript("j");
        h.Store.Append(job.Next());
        h.Time.Advance(TimeSpan.FromMinutes(4));
        h.Store.Append(job.Next());

        h.Time.Advance(TimeSpan.FromMinutes(4));
        (await h.Store.GetStateAsync("j")).Should().NotBeNull("each event extends the idle lifetime");

        h.Time.Advance(TimeSpan.FromMinutes(1));

        (await h.Store.GetStateAsync("j")).Should().BeNull("a read never returns an expired job");
        (await h.Store.ReadAsync("j", null)).Should().BeSameAs(JobResumeResult.UnknownJob);
        h.Store.JobCount.Should().Be(0);
        StreamStoreHarness.Sum(h.Released, "idle").Should().Be(1, "a release on read is counted like one by the timer");
    }

    [Fact]
    public async Task ExpiryTimer_ReleasesMoreJobsThanOneBatch()
    {
        using var h = new StreamStoreHarness(o => o.FinishedJobRetention = TimeSpan.Zero);
        for (var i = 0; i < InMemoryJobStreamStore.ExpiryBatch + 10; i++)
        {
            h.Store.Append(new JobScript($"j{i}").Complete());
        }

        h.Time.Advance(h.Options.ExpiryScanInterval);

        h.Store.JobCount.Should().Be(0);
        (await h.Store.GetStateAsync("j0")).Should().BeNull();
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting()
    {
        var act = () => new StreamStoreHarness(o => o.MaxEventsPerJob = 0);

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*ProgressKit:Streams:MaxEventsPerJob*");
    }

    private static JobStreamCursor Cursor(long afterSequence, string? epoch = StreamStoreHarness.Epoch)
    {
        JobStreamCursor.TryCreate(afterSequence, epoch, out var cursor).Should().BeTrue();
        return cursor;
    }
}
