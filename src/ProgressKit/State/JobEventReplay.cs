using ProgressKit.Events;

namespace ProgressKit.State;

/// <summary>What a <see cref="IJobEventLog"/> read returns: the retained events after a sequence, and whether the log
/// had already evicted some of the events the reader asked for.</summary>
public sealed class JobEventReplay
{
    /// <summary>Initializes a new instance of the <see cref="JobEventReplay"/> class.</summary>
    /// <param name="events">The retained events after the requested sequence, in ascending sequence order.</param>
    /// <param name="firstRetainedSequence">The oldest sequence the log still holds for the job, or <see langword="null"/> when it holds none.</param>
    /// <param name="truncated">Whether events after the requested sequence were evicted before they could be read.</param>
    public JobEventReplay(IReadOnlyList<ProgressEvent> events, long? firstRetainedSequence, bool truncated)
    {
        ArgumentNullException.ThrowIfNull(events);
        Events = events;
        FirstRetainedSequence = firstRetainedSequence;
        Truncated = truncated;
    }

    /// <summary>Gets an empty replay: the log knows nothing of the job.</summary>
    public static JobEventReplay Empty { get; } = new([], null, truncated: false);

    /// <summary>Gets the retained events after the requested sequence, in ascending sequence order, without duplicates.</summary>
    public IReadOnlyList<ProgressEvent> Events { get; }

    /// <summary>Gets the oldest sequence the log still holds for the job, or <see langword="null"/> when it holds none.</summary>
    public long? FirstRetainedSequence { get; }

    /// <summary>
    /// Gets a value indicating whether events the reader asked for (sequence greater than the requested one and less
    /// than <see cref="FirstRetainedSequence"/>) were evicted: the transport then sends a <c>replay_truncated</c> reply
    /// before the retained events, never a silent gap.
    /// </summary>
    public bool Truncated { get; }
}
