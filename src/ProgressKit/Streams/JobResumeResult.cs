using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>What <see cref="IJobStreamStore.ReadAsync"/> answers a resume with; transports turn it into the <c>resumed</c> reply.</summary>
public sealed class JobResumeResult
{
    /// <summary>Initializes a new instance of the <see cref="JobResumeResult"/> class.</summary>
    /// <param name="outcome">The case.</param>
    /// <param name="position">The position the client has once it applied the result, or <see langword="null"/> when nothing is known of the job.</param>
    /// <param name="events">The events to replay, in order (<see cref="ResumeOutcome.Gapless"/> only).</param>
    /// <param name="state">The snapshot and streams the client replaces its state with (not on <see cref="ResumeOutcome.Gapless"/>; <see langword="null"/> for an unknown job).</param>
    public JobResumeResult(ResumeOutcome outcome, JobStreamPosition? position, IReadOnlyList<ProgressEvent> events, JobStreamState? state)
    {
        ArgumentNullException.ThrowIfNull(events);
        Outcome = outcome;
        Position = position;
        Events = events;
        State = state;
    }

    /// <summary>Gets the answer to a resume of a job nothing is known of: <see cref="ResumeOutcome.Truncated"/>, no position, no state.</summary>
    public static JobResumeResult UnknownJob { get; } = new(ResumeOutcome.Truncated, null, [], null);

    /// <summary>Gets the case.</summary>
    public ResumeOutcome Outcome { get; }

    /// <summary>
    /// Gets the position the client has once it applied this result: the last replayed event's (the cursor itself when
    /// nothing is missing), or the snapshot's; <see langword="null"/> when nothing is known of the job.
    /// </summary>
    public JobStreamPosition? Position { get; }

    /// <summary>Gets the events after the cursor, in order, without gaps or duplicates; empty unless <see cref="ResumeOutcome.Gapless"/>.</summary>
    public IReadOnlyList<ProgressEvent> Events { get; }

    /// <summary>Gets the snapshot and streams' text the client replaces its state with, when the outcome is not <see cref="ResumeOutcome.Gapless"/> and the job is known.</summary>
    public JobStreamState? State { get; }
}
