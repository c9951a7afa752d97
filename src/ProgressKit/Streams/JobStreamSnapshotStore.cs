using ProgressKit.Events;
using ProgressKit.State;

namespace ProgressKit.Streams;

/// <summary>
/// The default <see cref="IJobStateStore"/>: the snapshot view of the <see cref="IJobStreamStore"/>, so that the
/// publisher, the transports and the hub read one store. A write appends to the stream store; the publisher, which
/// appends every event itself, does not call it.
/// </summary>
internal sealed class JobStreamSnapshotStore(IJobStreamStore streams) : IJobStateStore
{
    public ValueTask SetAsync(ProgressEvent snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        streams.Append(snapshot);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<ProgressEvent?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await streams.GetStateAsync(jobId, cancellationToken).ConfigureAwait(false))?.Snapshot;
}
