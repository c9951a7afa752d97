using ProgressKit.Events;

namespace ProgressKit.State;

/// <summary>
/// Keeps each job's newest event (its snapshot), so that a client that subscribes late, or asks for the status, sees
/// at once where the job is. In memory by default; scale-out packages add shared implementations.
/// </summary>
/// <remarks>
/// <para>The publisher calls <see cref="SetAsync"/> for every event, on the publishing thread and before any transport
/// sends the event: an implementation must return quickly (a remote store buffers and writes in the background) and
/// must keep the event with the highest <see cref="ProgressEvent.Sequence"/> when calls race. Exceptions are logged and
/// never reach the job.</para>
/// <para>Implementations must be thread-safe, bounded and expiring.</para>
/// </remarks>
public interface IJobStateStore
{
    /// <summary>Records <paramref name="snapshot"/> as its job's newest event unless a newer one is already recorded.</summary>
    /// <param name="snapshot">The event.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the snapshot is recorded.</returns>
    ValueTask SetAsync(ProgressEvent snapshot, CancellationToken cancellationToken = default);

    /// <summary>Returns the job's newest event, or <see langword="null"/> when the job is unknown or its snapshot expired.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or <see langword="null"/>.</returns>
    ValueTask<ProgressEvent?> GetAsync(string jobId, CancellationToken cancellationToken = default);
}
