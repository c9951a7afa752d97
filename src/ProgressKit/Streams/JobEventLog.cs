using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>One job's retained events, oldest first, with contiguous sequences (a gap starts the log afresh).</summary>
/// <remarks>Every member is used only under the owning store's lock.</remarks>
internal sealed class JobEventLog
{
    public JobStreamEntry? Head { get; private set; }

    public JobStreamEntry? Tail { get; private set; }

    public int Count { get; private set; }

    public long Bytes { get; private set; }

    public void AddLast(JobStreamEntry entry)
    {
        entry.JobPrevious = Tail;
        entry.JobNext = null;
        if (Tail is null)
        {
            Head = entry;
        }
        else
        {
            Tail.JobNext = entry;
        }

        Tail = entry;
        Count++;
        Bytes += entry.Bytes;
    }

    public JobStreamEntry RemoveFirst()
    {
        var entry = Head ?? throw new InvalidOperationException("The log is empty.");
        Head = entry.JobNext;
        if (Head is null)
        {
            Tail = null;
        }
        else
        {
            Head.JobPrevious = null;
        }

        entry.JobNext = null;
        Count--;
        Bytes -= entry.Bytes;
        return entry;
    }

    /// <summary>Copies the newest <paramref name="count"/> events, oldest first; O(count).</summary>
    public ProgressEvent[] CopyLast(int count)
    {
        var events = new ProgressEvent[count];
        var entry = Tail;
        for (var i = count - 1; i >= 0; i--)
        {
            events[i] = entry!.Event;
            entry = entry.JobPrevious;
        }

        return events;
    }
}
