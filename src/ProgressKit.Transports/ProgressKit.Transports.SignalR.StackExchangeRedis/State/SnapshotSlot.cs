using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.State;

/// <summary>What this process knows of one job's snapshot: its newest event, what Redis is known to hold, the write in flight.</summary>
/// <remarks>Every field is read and written under <see cref="Gate"/>.</remarks>
internal sealed class SnapshotSlot(string jobId, ProgressEvent first, long now)
{
    public Lock Gate { get; } = new();

    public string JobId { get; } = jobId;

    /// <summary>Gets or sets the newest event this process has seen for the job.</summary>
    public ProgressEvent Latest { get; set; } = first;

    /// <summary>Gets or sets the highest seq Redis is known to hold (since the last reconnection), or 0.</summary>
    public long StoredSeq { get; set; }

    /// <summary>Gets or sets the write in flight with the highest seq, or <see langword="null"/>.</summary>
    public TaskCompletionSource? Write { get; set; }

    /// <summary>Gets or sets the seq <see cref="Write"/> writes.</summary>
    public long WriteSeq { get; set; }

    /// <summary>Gets or sets a value indicating whether the slot waits in the background writer's queue.</summary>
    public bool Queued { get; set; }

    /// <summary>Gets or sets a value indicating whether the slot was forgotten while unwritten (the writer skips it).</summary>
    public bool Dropped { get; set; }

    /// <summary>Gets or sets when the slot was last offered an event (<see cref="Environment.TickCount64"/>).</summary>
    public long LastTouched { get; set; } = now;

    /// <summary>Gets a value indicating whether Redis holds the newest event and nothing is in flight.</summary>
    public bool IsClean => StoredSeq >= Latest.Sequence && Write is null && !Queued;

    /// <summary>Keeps <paramref name="progressEvent"/> when it is newer than <see cref="Latest"/>.</summary>
    public void Offer(ProgressEvent progressEvent, long now)
    {
        if (progressEvent.Sequence > Latest.Sequence)
        {
            Latest = progressEvent;
        }

        LastTouched = now;
    }
}
