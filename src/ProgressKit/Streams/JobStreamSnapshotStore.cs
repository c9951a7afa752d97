using ProgressKit.Events;
using ProgressKit.State;

namespace ProgressKit.Streams;

/// <summary>
/// The default <see cref="IJobStateStore"/>: the snapshot view of the <see cref="IJobStreamStore"/>, so that the
/// publisher, the transports and the hub read one store. A write appends to the stream store.
/// </summary>
/// <remarks>
/// <para>Registered by <c>AddProgressKit</c> unless the application registers a snapshot store of its own; it reads
/// whichever stream store is registered (a shared one such as the Redis job stream store included).</para>
/// <para>Whoever appends every event to the stream store itself (the publisher, the SignalR hub for remote publishes)
/// checks for this type and does not write the snapshot a second time. Thread-safe as the stream store is.</para>
/// </remarks>
public sealed class JobStreamSnapshotStore : IJobStateStore
{
    private readonly IJobStreamStore _streams;

    internal JobStreamSnapshotStore(IJobStreamStore streams) => _streams = streams;

    /// <inheritdoc />
    public ValueTask SetAsync(ProgressEvent snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _streams.Append(snapshot);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ProgressEvent?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        _streams.GetSnapshotAsync(jobId, cancellationToken);
}
