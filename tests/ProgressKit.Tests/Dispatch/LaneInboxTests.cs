using ProgressKit.Dispatch;
using ProgressKit.Events;

namespace ProgressKit.Tests.Dispatch;

/// <summary>The lane's entry queue: one arrival order, exact bounds. Single-threaded, interleavings scripted.</summary>
public class LaneInboxTests
{
    [Fact]
    public void ReaderFindsInboxEmpty_WriterFillsAndSpillsOver_EveryJobIsTakenInOrder()
    {
        // The interleaving behind the {3,1,2} reordering: the reader has just found the inbox empty; before it looks
        // again, the writer puts #1 and #2 of the last 8 jobs in (16 events fill the capacity) and then the terminal
        // events spill over. With two entry queues the reader took the spilled terminals first.
        var inbox = new LaneInbox(capacity: 16);
        inbox.TryTake(out _).Should().BeFalse();
        for (var j = 32; j < 40; j++)
        {
            inbox.TryAdd(LaneEvents.Of($"job-{j}", 1, ProgressEventType.StageStarted)).Should().BeTrue();
            inbox.TryAdd(LaneEvents.Of($"job-{j}", 2, ProgressEventType.ProgressUpdate)).Should().BeTrue();
        }

        for (var j = 32; j < 40; j++)
        {
            inbox.TryAdd(LaneEvents.Of($"job-{j}", 3, ProgressEventType.JobComplete)).Should().BeTrue("terminal events are always admitted");
        }

        var taken = new List<ProgressEvent>();
        while (inbox.TryTake(out var e))
        {
            taken.Add(e);
        }

        taken.Should().HaveCount(24);
        foreach (var job in taken.GroupBy(e => e.JobId))
        {
            job.Select(e => e.Sequence).Should().Equal(1, 2, 3);
        }
    }

    [Fact]
    public void Bounds_ProgressUpToCapacity_TransitionsUpToTwice_TerminalAlways()
    {
        var inbox = new LaneInbox(capacity: 16);
        for (var i = 1; i <= 16; i++)
        {
            inbox.TryAdd(LaneEvents.Of("p", i, ProgressEventType.ProgressUpdate)).Should().BeTrue();
        }

        inbox.TryAdd(LaneEvents.Of("p", 17, ProgressEventType.ProgressUpdate)).Should().BeFalse();
        for (var i = 1; i <= 16; i++)
        {
            inbox.TryAdd(LaneEvents.Of("s", i, ProgressEventType.StageStarted)).Should().BeTrue();
        }

        inbox.TryAdd(LaneEvents.Of("s", 17, ProgressEventType.StageStarted)).Should().BeFalse();
        inbox.TryAdd(LaneEvents.Of("t", 1, ProgressEventType.JobFailed)).Should().BeTrue();
        inbox.Count.Should().Be(33, "a refused event leaves no reserved slot behind");
    }

    [Fact]
    public void SeededInterleavings_OfWritesAndTakes_KeepArrivalOrderAndCountEveryEvent()
    {
        var types = new[] { ProgressEventType.StageStarted, ProgressEventType.ProgressUpdate, ProgressEventType.Chunk, ProgressEventType.AgentStatus };
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var inbox = new LaneInbox(capacity: 16);
            var next = new long[8];
            var lastTaken = new long[8];
            int written = 0, refused = 0, taken = 0;
            for (var step = 0; step < 500; step++)
            {
                if (random.Next(3) < 2)
                {
                    var job = random.Next(8);
                    var type = random.Next(20) == 0 ? ProgressEventType.JobComplete : types[random.Next(types.Length)];
                    written++;
                    if (!inbox.TryAdd(LaneEvents.Of($"job-{job}", ++next[job], type)))
                    {
                        refused++;
                        type.IsTerminal().Should().BeFalse("terminal events are never refused");
                    }
                }
                else if (inbox.TryTake(out var e))
                {
                    taken++;
                    var job = int.Parse(e.JobId.AsSpan(4), provider: null);
                    e.Sequence.Should().BeGreaterThan(lastTaken[job], $"seed {seed}: per-job arrival order");
                    lastTaken[job] = e.Sequence;
                }
            }

            (taken + refused + inbox.Count).Should().Be(written, $"seed {seed}: every event is taken, refused or waiting");
        }
    }
}
