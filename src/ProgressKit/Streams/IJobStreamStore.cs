using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>
/// Holds what is known of each job's stream of events: its newest event (the snapshot), a bounded log of its last
/// events, each chunk stream's text so far and its position; answers resumes by position. One store serves the
/// publisher's snapshot path and every transport. In memory by default; scale-out packages add shared implementations.
/// </summary>
/// <remarks>
/// <para>The publisher calls <see cref="Append"/> for every event, on the publishing thread, before any transport sends
/// it, so an event a client receives live is always readable here. <see cref="Append"/> never blocks and never throws
/// for a well-formed event: an in-memory store records it synchronously in O(1) amortised time; a remote one buffers
/// it and writes in the background.</para>
/// <para>Per job, events are kept in position order. An event whose position is not after the job's position (same
/// epoch and a <c>seq</c> not greater, or an older epoch) is refused: not kept, counted. A newer epoch replaces what
/// the store held of the job (the job started over). A <c>seq</c> that skips ahead within the epoch (a process that
/// continues the job from a hand-off cursor) starts the log afresh, so a replay never spans a gap.</para>
/// <para>Implementations are thread-safe, bounded (events and bytes, per job and in all, oldest evicted first) and
/// expiring (a finished job is released a retention time after its terminal event, an idle one a time to live after
/// its newest event), and their background work never ends the process.</para>
/// </remarks>
public interface IJobStreamStore
{
    /// <summary>Records <paramref name="progressEvent"/> as its job's newest event: appends it to the log, adds a chunk's text to its stream and moves the job's position.</summary>
    /// <param name="progressEvent">The event, with its position (<see cref="ProgressEvent.Epoch"/>, <see cref="ProgressEvent.Sequence"/>, <see cref="ProgressEvent.KeptSequence"/>).</param>
    /// <remarks>Never blocks; thread-safe.</remarks>
    void Append(ProgressEvent progressEvent);

    /// <summary>Returns the job's newest event, position and streams' text, or <see langword="null"/> when nothing is known of the job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The job's state, or <see langword="null"/>.</returns>
    ValueTask<JobStreamState?> GetStateAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Returns what this process's own copy holds of the job, at once and without I/O, or <see langword="null"/> when it holds nothing.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>The job's state as this process knows it, or <see langword="null"/>.</returns>
    /// <remarks>
    /// The publisher calls it on the publishing thread when it meets a job it does not track, so it never blocks: an
    /// in-memory store answers as <see cref="GetStateAsync"/> does; a shared store answers from the copy it keeps of what
    /// this process published, and does not read the shared store. Thread-safe; never throws for a well-formed id.
    /// </remarks>
    JobStreamState? GetLocalState(string jobId);

    /// <summary>Returns the job's newest event only, or <see langword="null"/> when nothing is known of the job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The job's newest event, or <see langword="null"/>.</returns>
    /// <remarks>
    /// What an access check, a status request or the snapshot view (<see cref="JobStreamSnapshotStore"/>) needs: unlike
    /// <see cref="GetStateAsync"/> it does not copy or transfer the streams' text (up to
    /// <see cref="JobStreamStoreOptions.MaxStreamTextLength"/> characters per job). The default implementation calls
    /// <see cref="GetStateAsync"/>; the library's stores answer without the text.
    /// </remarks>
    async ValueTask<ProgressEvent?> GetSnapshotAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await GetStateAsync(jobId, cancellationToken).ConfigureAwait(false))?.Snapshot;

    /// <summary>Answers a resume: the retained events after <paramref name="cursor"/> when none is missing, else the job's state.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cursor">The client's last event, or <see langword="null"/> for a subscribe without a cursor (answered <see cref="ResumeOutcome.Truncated"/> with the state).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>
    /// <see cref="ResumeOutcome.Gapless"/> with every event after the cursor, in order; <see cref="ResumeOutcome.Truncated"/>
    /// with the state when an event after the cursor was evicted, the replay would exceed the store's bound per replay,
    /// the cursor is after the job's position or there is no cursor; <see cref="ResumeOutcome.NewEpoch"/> with the
    /// state when the cursor's epoch is not the job's; <see cref="JobResumeResult.UnknownJob"/> when nothing is known of the job.
    /// </returns>
    ValueTask<JobResumeResult> ReadAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken = default);
}
