using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>What the in-memory store holds of one job: its position, newest event, log, streams' text and lifetime.</summary>
/// <remarks>Every member is read and written only under the owning <see cref="InMemoryJobStreamStore"/>'s lock.</remarks>
internal sealed class JobStream(string jobId)
{
    public string JobId { get; } = jobId;

    public string Epoch { get; set; } = string.Empty;

    public long Sequence { get; set; }

    public long KeptSequence { get; set; }

    public ProgressEvent? Snapshot { get; set; }

    public JobEventLog Log { get; } = new();

    public StreamTexts Texts { get; } = new();

    // When the job is released: its newest event plus the idle lifetime, or its terminal event plus the retention.
    public DateTimeOffset Deadline { get; set; }

    // Set when the store lets go of the job: a publisher's cached reference (see InMemoryJobStreamStore.Append) is then
    // stale and looked up again.
    public bool IsReleased { get; set; }

    // Membership of the store's active or finished list (see JobList).
    public JobList? List { get; set; }

    public JobStream? ListPrevious { get; set; }

    public JobStream? ListNext { get; set; }

    // How many slots of the store's EventAgeQueue name this job, stale ones included (see there).
    public int AgeSlots { get; set; }

    // Scratch of EventAgeQueue's compaction: how many of this job's oldest slots it still has to drop.
    public int StaleSlotsToDrop { get; set; }

    public JobStreamPosition Position => new(Epoch, Sequence, KeptSequence);

    /// <summary>The oldest sequence a replay can start from: the log's head, or the one after the newest when the log is empty.</summary>
    public long FirstReplayable => Sequence - Log.Count + 1;

    public JobStreamState CopyState() => new(Snapshot!, Position, Texts.Copy());
}
