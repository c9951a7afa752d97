namespace ProgressKit.Streams;

/// <summary>Every retained event of every job in append order, so that the store-wide bounds evict the oldest first in O(1).</summary>
/// <remarks>Every member is used only under the owning store's lock. Append order within a job is sequence order, so the
/// head is always the head of its own job's log.</remarks>
internal sealed class EventAgeList
{
    public JobStreamEntry? Head { get; private set; }

    private JobStreamEntry? _tail;

    public void AddLast(JobStreamEntry entry)
    {
        entry.AgePrevious = _tail;
        entry.AgeNext = null;
        if (_tail is null)
        {
            Head = entry;
        }
        else
        {
            _tail.AgeNext = entry;
        }

        _tail = entry;
    }

    public void Remove(JobStreamEntry entry)
    {
        if (entry.AgePrevious is null)
        {
            Head = entry.AgeNext;
        }
        else
        {
            entry.AgePrevious.AgeNext = entry.AgeNext;
        }

        if (entry.AgeNext is null)
        {
            _tail = entry.AgePrevious;
        }
        else
        {
            entry.AgeNext.AgePrevious = entry.AgePrevious;
        }

        entry.AgePrevious = null;
        entry.AgeNext = null;
    }
}
