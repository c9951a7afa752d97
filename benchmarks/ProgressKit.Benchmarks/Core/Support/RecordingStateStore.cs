using System.Collections.Concurrent;
using ProgressKit.Events;
using ProgressKit.State;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>
/// A state store that keeps every event the publisher records: the publisher writes each event it accepts to the
/// store before any transport sees it, so this is the complete list of what was published.
/// </summary>
internal sealed class RecordingStateStore : IJobStateStore
{
    private readonly ConcurrentQueue<ProgressEvent> _published = new();

    public IReadOnlyList<ProgressEvent> Published => _published.ToArray();

    public ValueTask SetAsync(ProgressEvent snapshot, CancellationToken cancellationToken = default)
    {
        _published.Enqueue(snapshot);
        return ValueTask.CompletedTask;
    }

    public ValueTask<ProgressEvent?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_published.LastOrDefault(e => e.JobId == jobId));
}
