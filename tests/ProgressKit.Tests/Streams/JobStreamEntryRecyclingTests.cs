using System.Runtime.CompilerServices;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

/// <summary>Evicted log entries are recycled for later events: replays stay exact, and a recycled entry keeps nothing alive.</summary>
public class JobStreamEntryRecyclingTests
{
    [Fact]
    public async Task Log_PastItsBoundAcrossJobs_ReplaysExactlyTheNewestEvents()
    {
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 3);
        var first = new JobScript("a");
        var second = new JobScript("b");
        var appended = new Dictionary<string, List<ProgressEvent>> { ["a"] = [], ["b"] = [] };

        // Interleaved, so entries evicted from one job's log carry the other job's events next.
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
    public async Task EvictedEvent_IsNotKeptAliveByTheEntryThatNowHoldsTheNext()
    {
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 1);
        var job = new JobScript("j");
        var evicted = AppendAndForget(h.Store, job);

        // At its count bound the log takes its own oldest entry for the new event.
        h.Store.Append(job.Next());
        Collect();

        evicted.TryGetTarget(out _).Should().BeFalse("the entry now holds the newer event only");
        (await h.Store.ReadAsync("j", Cursor(1))).Events.Should().ContainSingle().Which.Sequence.Should().Be(2);
        StreamStoreHarness.Sum(h.Evicted, "job_events").Should().Be(1);
    }

    [Fact]
    public async Task EvictedEvent_IsNotKeptAliveByAnEntryWaitingInThePool()
    {
        using var h = new StreamStoreHarness();
        var evicted = AppendAndForget(h.Store, new JobScript("j"));

        // A new epoch clears the job's log into the pool; nothing rents the entry before the check.
        h.Store.Append(new JobScript("j", StreamStoreHarness.LaterEpoch).Next());
        h.Store.EventCount.Should().Be(1);
        Collect();

        evicted.TryGetTarget(out _).Should().BeFalse("an entry waiting in the pool must let go of its event");
        (await h.Store.ReadAsync("j", null)).Position!.Value.Epoch.Should().Be(StreamStoreHarness.LaterEpoch);
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static JobStreamCursor Cursor(long afterSequence)
    {
        JobStreamCursor.TryCreate(afterSequence, StreamStoreHarness.Epoch, out var cursor).Should().BeTrue();
        return cursor;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<ProgressEvent> AppendAndForget(InMemoryJobStreamStore store, JobScript job)
    {
        var progressEvent = job.Next();
        store.Append(progressEvent);
        return new WeakReference<ProgressEvent>(progressEvent);
    }
}
