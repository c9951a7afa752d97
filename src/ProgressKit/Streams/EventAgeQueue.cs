namespace ProgressKit.Streams;

/// <summary>
/// Every retained event of every job in append order, as a ring of the events' jobs, so that the store-wide bounds
/// evict the oldest event of any job in amortised O(1).
/// </summary>
/// <remarks>
/// <para>Every member is used only under the owning store's lock.</para>
/// <para>A slot names only the job: a job appends in sequence order and evicts oldest first, so of its
/// <see cref="JobStream.AgeSlots"/> slots the oldest <c>AgeSlots - Log.Count</c> are for events it no longer holds
/// (evicted by its own bounds, cleared by a new epoch or released) and the rest are its log, in order. Such stale slots
/// are skipped when they reach the head, and compacted away once they outnumber the live ones, which keeps the ring
/// within about twice the retained events and the work per append constant on average.</para>
/// </remarks>
internal sealed class EventAgeQueue
{
    private const int MinimumCapacity = 16;

    // Compaction starts past twice the live slots plus this, so a small store never compacts on every append.
    private const int CompactionSlack = 64;

    private JobStream?[] _slots = new JobStream?[MinimumCapacity];
    private int _head;

    /// <summary>Gets how many slots are in use, stale ones included (tests check the bound).</summary>
    internal int Count { get; private set; }

    /// <summary>Records that <paramref name="job"/> appends an event, before its log holds it.</summary>
    /// <param name="job">The job.</param>
    /// <param name="liveEvents">How many events the store holds, this one not counted.</param>
    public void Add(JobStream job, long liveEvents)
    {
        if (Count > (2 * liveEvents) + CompactionSlack)
        {
            Compact(liveEvents);
        }

        if (Count == _slots.Length)
        {
            Resize(2 * _slots.Length);
        }

        _slots[Slot(Count)] = job;
        Count++;
        job.AgeSlots++;
    }

    /// <summary>Gets the job holding the oldest retained event of all, or <see langword="null"/> when no job holds one.</summary>
    public JobStream? Oldest()
    {
        while (Count > 0)
        {
            var job = _slots[_head]!;
            if (job.AgeSlots == job.Log.Count)
            {
                return job;
            }

            Pop(job);
        }

        return null;
    }

    private void Pop(JobStream job)
    {
        _slots[_head] = null;
        _head = Slot(1);
        Count--;
        job.AgeSlots--;
    }

    // Drops every stale slot in one pass, keeping the order of the rest: a job's first AgeSlots - Log.Count slots are
    // its stale ones.
    private void Compact(long liveEvents)
    {
        for (var i = 0; i < Count; i++)
        {
            var job = _slots[Slot(i)]!;
            job.StaleSlotsToDrop = job.AgeSlots - job.Log.Count;
        }

        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var slot = Slot(i);
            var job = _slots[slot]!;
            _slots[slot] = null;
            if (job.StaleSlotsToDrop > 0)
            {
                job.StaleSlotsToDrop--;
                job.AgeSlots--;
                continue;
            }

            _slots[Slot(kept++)] = job;
        }

        Count = kept;

        // The most slots in use before the next compaction is the threshold plus one: a ring of that size never grows
        // again while the store holds as many events, so only one more than twice that size (after a burst) shrinks.
        var steady = (int)Math.Min(int.MaxValue / 4, (2 * liveEvents) + CompactionSlack + 2);
        if (_slots.Length > Math.Max(MinimumCapacity, 2 * steady))
        {
            Resize(steady);
        }
    }

    private int Slot(int offset)
    {
        var slot = _head + offset;
        return slot < _slots.Length ? slot : slot - _slots.Length;
    }

    private void Resize(int capacity)
    {
        var slots = new JobStream?[capacity];
        for (var i = 0; i < Count; i++)
        {
            slots[i] = _slots[Slot(i)];
        }

        _slots = slots;
        _head = 0;
    }
}
