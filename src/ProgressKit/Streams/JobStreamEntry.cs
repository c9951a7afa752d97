using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>One event in the in-memory log: linked into its job's log and into the store's age order of all events.</summary>
/// <remarks>
/// Every member is read and written only under the owning <see cref="InMemoryJobStreamStore"/>'s lock. An evicted
/// entry is recycled for a later event (<see cref="JobStreamEntryPool"/>), so no reference to one may leave the lock.
/// </remarks>
internal sealed class JobStreamEntry
{
    public JobStream Job { get; private set; } = null!;

    public ProgressEvent Event { get; private set; } = null!;

    public int Bytes { get; private set; }

    // Store lock: the job's log, oldest first (and the pool's free list, through JobNext).
    public JobStreamEntry? JobPrevious { get; set; }

    public JobStreamEntry? JobNext { get; set; }

    // Store lock: every job's events, oldest first.
    public JobStreamEntry? AgePrevious { get; set; }

    public JobStreamEntry? AgeNext { get; set; }

    public JobStreamEntry Hold(JobStream job, ProgressEvent progressEvent, int bytes)
    {
        Job = job;
        Event = progressEvent;
        Bytes = bytes;
        return this;
    }

    /// <summary>Lets go of the job and the event, so a recycled entry keeps neither alive.</summary>
    public void Clear()
    {
        Job = null!;
        Event = null!;
        Bytes = 0;
        JobPrevious = null;
        JobNext = null;
        AgePrevious = null;
        AgeNext = null;
    }
}
