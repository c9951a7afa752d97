namespace ProgressKit.Streams;

/// <summary>
/// Evicted log entries kept for the next appends, so a job streaming past its log's bound allocates nothing for the
/// log: without it every event costs one more object (72 B) on the publishing thread.
/// </summary>
/// <remarks>Every member is used only under the owning <see cref="InMemoryJobStreamStore"/>'s lock. Bounded: beyond
/// <see cref="Capacity"/> an evicted entry is left to the collector (a mass release would otherwise pin memory).</remarks>
internal sealed class JobStreamEntryPool
{
    /// <summary>How many free entries the pool keeps at most.</summary>
    internal const int Capacity = 256;

    private JobStreamEntry? _free;

    public int Count { get; private set; }

    public JobStreamEntry Rent()
    {
        if (_free is not { } entry)
        {
            return new JobStreamEntry();
        }

        _free = entry.JobNext;
        entry.JobNext = null;
        Count--;
        return entry;
    }

    public void Return(JobStreamEntry entry)
    {
        entry.Clear();
        if (Count < Capacity)
        {
            entry.JobNext = _free;
            _free = entry;
            Count++;
        }
    }
}
