using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>What a store knows of a job at one moment: its newest event, its position and each chunk stream's text.</summary>
/// <remarks>Immutable; a copy taken under the store's lock, safe to share.</remarks>
public sealed class JobStreamState
{
    /// <summary>Initializes a new instance of the <see cref="JobStreamState"/> class.</summary>
    /// <param name="snapshot">The job's newest event.</param>
    /// <param name="position">The newest event's position.</param>
    /// <param name="streams">Each chunk stream's text so far, by stream name.</param>
    public JobStreamState(ProgressEvent snapshot, JobStreamPosition position, IReadOnlyDictionary<string, JobStreamText> streams)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(streams);
        Snapshot = snapshot;
        Position = position;
        Streams = streams;
    }

    /// <summary>Gets the job's newest event.</summary>
    public ProgressEvent Snapshot { get; }

    /// <summary>Gets the position of <see cref="Snapshot"/>.</summary>
    public JobStreamPosition Position { get; }

    /// <summary>Gets each chunk stream's text so far, by stream name (empty when the job streamed nothing).</summary>
    public IReadOnlyDictionary<string, JobStreamText> Streams { get; }
}
