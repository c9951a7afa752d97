using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>One event in the in-memory log: linked into its job's log and into the store's age order of all events.</summary>
/// <remarks>The links are read and written only under the owning <see cref="InMemoryJobStreamStore"/>'s lock.</remarks>
internal sealed class JobStreamEntry(JobStream job, ProgressEvent progressEvent, int bytes)
{
    public JobStream Job { get; } = job;

    public ProgressEvent Event { get; } = progressEvent;

    public int Bytes { get; } = bytes;

    // Store lock: the job's log, oldest first.
    public JobStreamEntry? JobPrevious { get; set; }

    public JobStreamEntry? JobNext { get; set; }

    // Store lock: every job's events, oldest first.
    public JobStreamEntry? AgePrevious { get; set; }

    public JobStreamEntry? AgeNext { get; set; }
}
