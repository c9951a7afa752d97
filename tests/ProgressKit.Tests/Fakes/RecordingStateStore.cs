using System.Collections.Concurrent;
using ProgressKit.Events;
using ProgressKit.State;

namespace ProgressKit.Tests.Fakes;

/// <summary>A state store that records every event the publisher produces, before any coalescing.</summary>
public sealed class RecordingStateStore : IJobStateStore
{
    private readonly ConcurrentQueue<ProgressEvent> _all = new();

    public IReadOnlyList<ProgressEvent> All => _all.ToArray();

    public ValueTask SetAsync(ProgressEvent snapshot, CancellationToken cancellationToken = default)
    {
        _all.Enqueue(snapshot);
        return ValueTask.CompletedTask;
    }

    public ValueTask<ProgressEvent?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_all.LastOrDefault(e => e.JobId == jobId));
}
