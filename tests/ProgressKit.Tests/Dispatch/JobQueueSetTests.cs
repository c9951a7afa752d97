using ProgressKit.Diagnostics;
using ProgressKit.Dispatch;
using ProgressKit.Events;

namespace ProgressKit.Tests.Dispatch;

/// <summary>The lane's per-job queue set, tested for its invariants without threads or clocks.</summary>
public class JobQueueSetTests
{
    private readonly RecordingAccounting _accounting = new();

    [Fact]
    public void OneSendInFlightPerJob_InOrder()
    {
        var set = new JobQueueSet(capacity: 16, minProgressIntervalTicks: 0, _accounting);
        set.Accept(LaneEvents.Of("a", 1, ProgressEventType.StageStarted), now: 0);
        set.Accept(LaneEvents.Of("a", 2, ProgressEventType.Chunk), now: 0);
        set.Accept(LaneEvents.Of("b", 1, ProgressEventType.StageStarted), now: 0);

        set.TryTakeNext(0, flushing: false, out var first, out var a1).Should().BeTrue();
        set.TryTakeNext(0, flushing: false, out _, out var b1).Should().BeTrue();
        set.TryTakeNext(0, flushing: false, out _, out _).Should().BeFalse("job a has #1 in flight and b has nothing more");
        (a1.Event.JobId, a1.Event.Sequence, b1.Event.JobId).Should().Be(("a", 1L, "b"));

        set.Complete(first, a1, requeue: false, now: 0);
        set.TryTakeNext(0, flushing: false, out _, out var a2).Should().BeTrue();
        a2.Event.Sequence.Should().Be(2);
    }

    [Fact]
    public void RequeuedEvent_GoesBackToTheHeadOfItsJob()
    {
        var set = new JobQueueSet(capacity: 16, minProgressIntervalTicks: 0, _accounting);
        set.Accept(LaneEvents.Of("a", 1, ProgressEventType.StageStarted), now: 0);
        set.Accept(LaneEvents.Of("a", 2, ProgressEventType.Chunk), now: 0);
        set.Accept(LaneEvents.Of("a", 3, ProgressEventType.Chunk), now: 0);
        set.TryTakeNext(0, false, out var job, out var item).Should().BeTrue();

        set.Complete(job, item, requeue: true, now: 0);

        set.Queued.Should().Be(3);
        set.TryTakeNext(0, false, out _, out var again).Should().BeTrue();
        again.Event.Sequence.Should().Be(1);
    }

    [Fact]
    public void SupersededProgress_IsCoalesced_TransitionsAreKept()
    {
        var set = new JobQueueSet(capacity: 16, minProgressIntervalTicks: 0, _accounting);
        set.Accept(LaneEvents.Of("a", 1, ProgressEventType.ProgressUpdate), now: 0);
        set.Accept(LaneEvents.Of("a", 2, ProgressEventType.ProgressUpdate), now: 0);
        set.Accept(LaneEvents.Of("a", 3, ProgressEventType.StageStarted), now: 0);

        _accounting.Coalesced.Should().Be(2);
        set.Queued.Should().Be(1);
        set.TryTakeNext(0, false, out _, out var item).Should().BeTrue();
        item.Event.Sequence.Should().Be(3);
    }

    [Fact]
    public void Full_ProgressIsEvictedForATransition_TerminalEventsAreAlwaysKept()
    {
        var set = new JobQueueSet(capacity: 16, minProgressIntervalTicks: 0, _accounting);
        for (var j = 0; j < 16; j++)
        {
            set.Accept(LaneEvents.Of($"p{j}", 1, ProgressEventType.ProgressUpdate), now: 0);
        }

        set.Accept(LaneEvents.Of("s", 1, ProgressEventType.StageStarted), now: 0);
        _accounting.Drops.Should().ContainSingle().Which.Should().Match<(ProgressEvent Event, string Reason)>(d =>
            d.Event.Type == ProgressEventType.ProgressUpdate && d.Reason == DropReasons.BufferFull);
        set.Queued.Should().Be(16);

        for (var j = 0; j < 16; j++)
        {
            set.Accept(LaneEvents.Of($"t{j}", 1, ProgressEventType.JobComplete), now: 0);
        }

        set.Queued.Should().Be(32, "terminal events are kept beyond the bound");
    }

    [Fact]
    public void Flush_CompletesOnlyWhenEveryEarlierTicketIsSettled()
    {
        var set = new JobQueueSet(capacity: 16, minProgressIntervalTicks: 0, _accounting);
        set.Accept(LaneEvents.Of("a", 1, ProgressEventType.StageStarted), now: 0);
        set.Accept(LaneEvents.Of("b", 1, ProgressEventType.StageStarted), now: 0);
        var waiter = new FlushWaiter();
        set.AddFlushWaiter(waiter);
        set.PromoteFlushWaiters();
        set.Accept(LaneEvents.Of("c", 1, ProgressEventType.StageStarted), now: 0);

        set.TryTakeNext(0, set.IsFlushing, out var a, out var a1).Should().BeTrue();
        set.TryTakeNext(0, set.IsFlushing, out var b, out var b1).Should().BeTrue();
        set.Complete(a, a1, requeue: false, now: 0);
        set.CompleteFlushWaiters();
        waiter.Completion.Task.IsCompleted.Should().BeFalse("b's event is still in flight");

        set.Complete(b, b1, requeue: false, now: 0);
        set.CompleteFlushWaiters();
        waiter.Completion.Task.IsCompletedSuccessfully.Should().BeTrue("c was accepted after the flush and is not owed to it");
    }

    [Fact]
    public void SeededModel_RandomAcceptTakeCompleteRequeue_KeepsOrderAndAccountsForEveryEvent()
    {
        var types = new[] { ProgressEventType.StageStarted, ProgressEventType.ProgressUpdate, ProgressEventType.Chunk, ProgressEventType.ProgressUpdate };
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var accounting = new RecordingAccounting();
            var set = new JobQueueSet(capacity: 8, minProgressIntervalTicks: 0, accounting);
            var next = new long[6];
            var ended = new bool[6];
            var lastDelivered = new long[6];
            var inFlight = new List<(JobLane Job, LaneItem Item)>();
            var accepted = 0;
            var delivered = new HashSet<(string, long)>();
            for (var step = 0; step < 400; step++)
            {
                switch (random.Next(4))
                {
                    case 0 or 1:
                        var j = random.Next(6);
                        if (ended[j])
                        {
                            break;
                        }

                        var type = random.Next(15) == 0 ? ProgressEventType.JobComplete : types[random.Next(types.Length)];
                        ended[j] = type == ProgressEventType.JobComplete;
                        accepted++;
                        set.Accept(LaneEvents.Of($"job-{j}", ++next[j], type), now: 0);
                        break;
                    case 2:
                        if (set.TryTakeNext(0, flushing: false, out var job, out var item))
                        {
                            inFlight.Should().NotContain(f => f.Item.Event.JobId == item.Event.JobId, $"seed {seed}: one send in flight per job");
                            inFlight.Add((job, item));
                        }

                        break;
                    default:
                        if (inFlight.Count > 0)
                        {
                            var index = random.Next(inFlight.Count);
                            var (doneJob, doneItem) = inFlight[index];
                            inFlight.RemoveAt(index);
                            var requeue = random.Next(5) == 0;
                            if (!requeue)
                            {
                                var jobIndex = int.Parse(doneItem.Event.JobId.AsSpan(4), provider: null);
                                doneItem.Event.Sequence.Should().BeGreaterThan(lastDelivered[jobIndex], $"seed {seed}: per-job order");
                                lastDelivered[jobIndex] = doneItem.Event.Sequence;
                                delivered.Add((doneItem.Event.JobId, doneItem.Event.Sequence)).Should().BeTrue($"seed {seed}: no duplicate");
                            }

                            set.Complete(doneJob, doneItem, requeue, now: 0);
                        }

                        break;
                }
            }

            accounting.Drops.Should().NotContain(d => d.Event.IsTerminal, $"seed {seed}: terminal events are never dropped");
            (delivered.Count + accounting.Coalesced + accounting.Drops.Count + set.Queued + set.InFlight)
                .Should().Be(accepted, $"seed {seed}: accepted = delivered + coalesced + dropped + waiting + in flight");
        }
    }

    [Fact]
    public void MinimumInterval_DefersProgress_KeepsOnlyTheNewest_PromotesItWhenDue_NeverDefersTransitions()
    {
        const long interval = 100;
        var set = new JobQueueSet(capacity: 16, minProgressIntervalTicks: interval, _accounting);
        set.Accept(LaneEvents.Of("a", 1, ProgressEventType.ProgressUpdate), now: 0);
        set.BeginRound(0, flushing: false);
        set.TryTakeNext(0, false, out var job, out var p1).Should().BeTrue("a job's first progress update is due at once");
        set.Complete(job, p1, requeue: false, now: 0);

        set.Accept(LaneEvents.Of("a", 2, ProgressEventType.ProgressUpdate), now: 10);
        set.Accept(LaneEvents.Of("a", 3, ProgressEventType.ProgressUpdate), now: 20);
        set.BeginRound(20, flushing: false);
        set.TryTakeNext(20, false, out _, out _).Should().BeFalse("the interval since #1 has not passed: held back");
        _accounting.Coalesced.Should().Be(1, "#3 superseded the held-back #2");

        set.BeginRound(99, flushing: false);
        set.TryTakeNext(99, false, out _, out _).Should().BeFalse();
        set.BeginRound(100, flushing: false);
        set.TryTakeNext(100, false, out job, out var due).Should().BeTrue("promoted once due");
        due.Event.Sequence.Should().Be(3);
        set.Complete(job, due, requeue: false, now: 100);

        set.Accept(LaneEvents.Of("a", 4, ProgressEventType.ProgressUpdate), now: 110);
        set.Accept(LaneEvents.Of("a", 5, ProgressEventType.StageStarted), now: 110);
        set.BeginRound(110, flushing: false);
        set.TryTakeNext(110, false, out job, out var transition).Should().BeTrue("a newer transition supersedes the held-back update and is never held back");
        transition.Event.Sequence.Should().Be(5);
        set.Complete(job, transition, requeue: false, now: 110);

        set.Accept(LaneEvents.Of("a", 6, ProgressEventType.ProgressUpdate), now: 120);
        set.BeginRound(120, flushing: true);
        set.TryTakeNext(120, true, out _, out var flushed).Should().BeTrue("a flush sends held-back progress at once");
        flushed.Event.Sequence.Should().Be(6);
    }

    [Fact]
    public void UnderAMinimumInterval_AnEndedJobIsReleasedAtOnce_ASilentOneWhenItsIntervalEnds()
    {
        const long interval = 100;
        var set = new JobQueueSet(capacity: 16, minProgressIntervalTicks: interval, _accounting);
        foreach (var id in new[] { "ended", "silent" })
        {
            set.Accept(LaneEvents.Of(id, 1, ProgressEventType.ProgressUpdate), now: 0);
        }

        set.BeginRound(0, flushing: false);
        for (var i = 0; i < 2; i++)
        {
            set.TryTakeNext(0, false, out var job, out var item).Should().BeTrue();
            set.Complete(job, item, requeue: false, now: 0);
        }

        set.JobCount.Should().Be(2, "idle jobs are kept while their interval runs");
        set.Accept(LaneEvents.Of("ended", 2, ProgressEventType.JobComplete), now: 10);
        set.BeginRound(10, flushing: false);
        set.TryTakeNext(10, false, out var endedJob, out var terminal).Should().BeTrue();
        set.Complete(endedJob, terminal, requeue: false, now: 10);
        set.JobCount.Should().Be(1, "a job that ended is released at once");

        set.BeginRound(99, flushing: false);
        set.JobCount.Should().Be(1, "the silent job's interval still runs");
        set.BeginRound(100, flushing: false);
        set.JobCount.Should().Be(0, "a job that went silent is released when its interval ends, with no new event to trigger it");

        // A released job that comes back starts afresh: its first update is due at once.
        set.Accept(LaneEvents.Of("silent", 2, ProgressEventType.ProgressUpdate), now: 150);
        set.BeginRound(150, flushing: false);
        set.TryTakeNext(150, false, out _, out var back).Should().BeTrue();
        back.Event.Sequence.Should().Be(2);
    }

    private sealed class RecordingAccounting : ILaneAccounting
    {
        public List<(ProgressEvent Event, string Reason)> Drops { get; } = [];

        public int Coalesced { get; private set; }

        public void Dropped(ProgressEvent progressEvent, string reason) => Drops.Add((progressEvent, reason));

        void ILaneAccounting.Coalesced() => Coalesced++;
    }
}
