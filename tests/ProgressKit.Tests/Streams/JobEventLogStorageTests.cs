using System.Runtime.CompilerServices;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

/// <summary>
/// How the in-memory log stores events: each job's ring and the store's age queue. Replays stay exact, the store-wide
/// bounds evict the oldest retained event past any job's own evictions, the rings stay within their bounds, and
/// nothing evicted or released is kept alive.
/// </summary>
public class JobEventLogStorageTests
{
    [Fact]
    public async Task Log_PastItsBoundAcrossJobs_ReplaysExactlyTheNewestEvents()
    {
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 3);
        var first = new JobScript("a");
        var second = new JobScript("b");
        var appended = new Dictionary<string, List<ProgressEvent>> { ["a"] = [], ["b"] = [] };

        // Interleaved, so both rings wrap around many times and the age queue holds both jobs' slots.
        for (var i = 0; i < 50; i++)
        {
            var job = i % 3 == 0 ? second : first;
            var next = job.Next();
            appended[next.JobId].Add(next);
            h.Store.Append(next);
        }

        foreach (var (jobId, events) in appended)
        {
            var read = await h.Store.ReadAsync(jobId, Cursor(events[^4].Sequence));
            read.Outcome.Should().Be(ResumeOutcome.Gapless);
            read.Events.Should().Equal(events.TakeLast(3), (a, b) => ReferenceEquals(a, b), "job {0}'s newest events, each once", jobId);
        }

        h.Store.EventCount.Should().Be(6);
    }

    [Fact]
    public async Task TotalBound_AfterAJobsOwnEvictions_EvictsTheOldestEventStillHeld()
    {
        using var h = new StreamStoreHarness(o =>
        {
            o.MaxEventsPerJob = 3;
            o.MaxTotalEvents = 5;
        });
        var a = new JobScript("a");
        var b = new JobScript("b");
        for (var i = 0; i < 10; i++)
        {
            h.Store.Append(a.Next());
        }

        h.Store.Append(b.Next());
        h.Store.Append(b.Next());
        h.Store.Append(b.Next());

        // a's seq 1-7 went by its own bound; of what is held, a's seq 8 is the oldest of all.
        h.Store.EventCount.Should().Be(5);
        (await h.Store.ReadAsync("a", Cursor(7))).Outcome.Should().Be(ResumeOutcome.Truncated);
        (await h.Store.ReadAsync("a", Cursor(8))).Events.Select(e => e.Sequence).Should().Equal(9, 10);
        (await h.Store.ReadAsync("b", Cursor(0))).Events.Select(e => e.Sequence).Should().Equal(1, 2, 3);
        StreamStoreHarness.Sum(h.Evicted, "job_events").Should().Be(7);
        StreamStoreHarness.Sum(h.Evicted, "total_events").Should().Be(1);
    }

    [Fact]
    public async Task TotalBound_AfterANewEpochAndARelease_EvictsTheOldestEventStillHeld()
    {
        using var h = new StreamStoreHarness(o =>
        {
            o.MaxTotalEvents = 4;
            o.MaxJobs = 2;
        });
        var a = new JobScript("a");
        h.Store.Append(a.Next());
        h.Store.Append(a.Next());
        h.Store.Append(new JobScript("gone").Next());
        var restarted = new JobScript("a", StreamStoreHarness.LaterEpoch);
        h.Store.Append(restarted.Next());
        var b = new JobScript("b");
        h.Store.Append(b.Next());

        // "gone" was released for b (MaxJobs 2); a's first epoch was cleared: the held events are a's new one and b's.
        h.Store.EventCount.Should().Be(2);
        h.Store.Append(b.Next());
        h.Store.Append(b.Next());
        h.Store.Append(b.Next());

        h.Store.EventCount.Should().Be(4);
        (await h.Store.ReadAsync("a", Cursor(0, StreamStoreHarness.LaterEpoch))).Outcome.Should().Be(ResumeOutcome.Truncated, "a's new-epoch event was the oldest held");
        (await h.Store.ReadAsync("b", Cursor(0))).Events.Select(e => e.Sequence).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void AgeQueue_OfALongJob_StaysWithinTwiceTheEventsHeld()
    {
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 10);
        var job = new JobScript("j");
        var most = 0;
        for (var i = 0; i < 10_000; i++)
        {
            h.Store.Append(job.Next());
            most = Math.Max(most, h.Store.AgeQueueSlots);
        }

        h.Store.EventCount.Should().Be(10);
        most.Should().BeLessThanOrEqualTo((2 * 10) + 64 + 1, "stale slots are compacted once they outnumber the live ones");
    }

    [Fact]
    public void Ring_WrapsAroundInOrder_AndShrinksWhenMostlyEmpty()
    {
        var log = new JobEventLog();
        var job = new JobScript("j");
        var events = Enumerable.Range(0, 100).Select(_ => job.Next()).ToList();
        foreach (var progressEvent in events.Take(6))
        {
            log.AddLast(progressEvent, 10);
        }

        log.RemoveFirst().Should().Be(10);
        log.RemoveFirst();
        log.AddLast(events[6], 10);
        log.AddLast(events[7], 10);
        log.CopyLast(6).Should().Equal(events.Skip(2).Take(6), (a, b) => ReferenceEquals(a, b), "the ring wrapped around");

        foreach (var progressEvent in events.Skip(8))
        {
            log.AddLast(progressEvent, 10);
        }

        log.Count.Should().Be(98);
        while (log.Count > 3)
        {
            log.RemoveFirst();
        }

        log.Capacity.Should().BeLessThanOrEqualTo(4 * 3, "a ring a quarter full halves");
        log.Bytes.Should().Be(30);
        log.CopyLast(3).Should().Equal(events.TakeLast(3), (a, b) => ReferenceEquals(a, b));
    }

    [Fact]
    public async Task EvictedEvent_IsNotKeptAliveByItsSlot()
    {
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 1);
        var job = new JobScript("j");
        var evicted = AppendAndForget(h.Store, job);

        h.Store.Append(job.Next());
        Collect();

        evicted.TryGetTarget(out _).Should().BeFalse("an evicted event's slot lets go of it");
        (await h.Store.ReadAsync("j", Cursor(1))).Events.Should().ContainSingle().Which.Sequence.Should().Be(2);
        StreamStoreHarness.Sum(h.Evicted, "job_events").Should().Be(1);
    }

    [Fact]
    public async Task ClearedEvent_IsNotKeptAliveAfterANewEpoch()
    {
        using var h = new StreamStoreHarness();
        var cleared = AppendAndForget(h.Store, new JobScript("j"));

        h.Store.Append(new JobScript("j", StreamStoreHarness.LaterEpoch).Next());
        h.Store.EventCount.Should().Be(1);
        Collect();

        cleared.TryGetTarget(out _).Should().BeFalse("a new epoch's clear lets go of the old events");
        (await h.Store.ReadAsync("j", null)).Position!.Value.Epoch.Should().Be(StreamStoreHarness.LaterEpoch);
    }

    [Fact]
    public void ReleasedJob_IsNotKeptAliveByItsStaleSlots()
    {
        using var h = new StreamStoreHarness(o => o.MaxJobs = 1);
        var released = AppendAndForget(h.Store, new JobScript("gone"), "a streamed answer the released job held");

        h.Store.Append(new JobScript("next").Next());
        h.Store.JobCount.Should().Be(1);
        h.Store.AgeQueueSlots.Should().Be(2, "the released job's slot stays until it reaches the head or is compacted");
        Collect();

        released.TryGetTarget(out _).Should().BeFalse("a stale slot keeps only an empty shell of its job");
    }

    private static JobStreamCursor Cursor(long afterSequence, string epoch = StreamStoreHarness.Epoch)
    {
        JobStreamCursor.TryCreate(afterSequence, epoch, out var cursor).Should().BeTrue();
        return cursor;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<ProgressEvent> AppendAndForget(InMemoryJobStreamStore store, JobScript job, string? text = null)
    {
        var progressEvent = text is null ? job.Next() : job.Chunk(text);
        store.Append(progressEvent);
        return new WeakReference<ProgressEvent>(progressEvent);
    }
}
