using ProgressKit.Events;

namespace ProgressKit.State;

/// <summary>
/// Keeps the last events of each job, bounded, so that a client that says "I have everything up to seq N" can be sent
/// exactly N+1, N+2, ... before the live events: the replay log behind gapless resume on every transport.
/// </summary>
/// <remarks>
/// <para>The publisher calls <see cref="AppendAsync"/> for every event, on the publishing thread and before any
/// transport sends the event, so an event a client receives live is always already readable here. An implementation
/// must return quickly (a remote log buffers and writes in the background), must keep each job's events ordered by
/// <see cref="ProgressEvent.Sequence"/> and ignore an event whose sequence it already holds.</para>
/// <para>Implementations must be thread-safe, bounded (events per job and bytes) and expire a job's events when its
/// snapshot expires. They evict oldest first and remember the newest evicted sequence, so a read that reaches back
/// past it says so (<see cref="JobEventReplay.Truncated"/>) instead of returning a silent gap.</para>
/// </remarks>
public interface IJobEventLog
{
    /// <summary>Appends <paramref name="progressEvent"/> to its job's log.</summary>
    /// <param name="progressEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the event is recorded (or buffered for a background write).</returns>
    ValueTask AppendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken = default);

    /// <summary>Reads the retained events of a job whose sequence is greater than <paramref name="afterSequence"/>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="afterSequence">The newest sequence the client already has; 0 asks for every retained event.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The retained events in ascending sequence order, and whether older ones the client lacks were evicted.</returns>
    ValueTask<JobEventReplay> ReadAfterAsync(string jobId, long afterSequence, CancellationToken cancellationToken = default);
}
