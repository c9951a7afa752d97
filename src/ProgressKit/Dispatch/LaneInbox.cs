using System.Collections.Concurrent;
using ProgressKit.Events;

namespace ProgressKit.Dispatch;

/// <summary>
/// The thread-safe entry of a lane: one queue in arrival order, written by any publisher without waiting and read by
/// the lane's pump alone. Its bound depends on what an event is worth: a progress update is admitted while fewer than
/// the capacity wait, another state transition while fewer than twice the capacity wait, a terminal event always.
/// </summary>
/// <remarks>
/// One queue, not a channel with a spill-over queue beside it: with two queues a reader that drains the first and
/// then the second takes an event written to the second before older events written to the first after it looked,
/// which delivered a job as seq {3,1,2} under overflow. Terminal events are bounded by the number of jobs, since a
/// job publishes one and nothing after it.
/// </remarks>
internal sealed class LaneInbox
{
    private readonly ConcurrentQueue<ProgressEvent> _queue = new();
    private readonly int _progressLimit;
    private readonly int _transitionLimit;
    private int _count;

    public LaneInbox(int capacity)
    {
        _progressLimit = capacity;
        _transitionLimit = capacity > int.MaxValue / 2 ? int.MaxValue : capacity * 2;
    }

    /// <summary>Gets the number of events waiting.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets a value indicating whether nothing waits.</summary>
    public bool IsEmpty => _queue.IsEmpty;

    /// <summary>Appends an event unless its kind's bound is reached; never waits.</summary>
    /// <returns><see langword="false"/> when the event was refused (the caller counts it as dropped).</returns>
    public bool TryAdd(ProgressEvent progressEvent)
    {
        var limit = progressEvent.IsTerminal ? int.MaxValue
            : progressEvent.Type == ProgressEventType.ProgressUpdate ? _progressLimit
            : _transitionLimit;

        // A full inbox is refused on a plain read first: a flooding publisher is refused on most calls, and two atomic
        // writes to the count the pump also writes would bounce its cache line between the cores on every one.
        if (Volatile.Read(ref _count) >= limit)
        {
            return false;
        }

        // Reserving a slot before appending keeps the bound exact under concurrent publishers.
        if (Interlocked.Increment(ref _count) > limit)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _queue.Enqueue(progressEvent);
        return true;
    }

    /// <summary>Takes the oldest event; only the pump calls it.</summary>
    public bool TryTake(out ProgressEvent progressEvent)
    {
        if (_queue.TryDequeue(out progressEvent!))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }
}
