using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ProgressKit.Events;

namespace ProgressKit.State;

/// <summary>
/// The default <see cref="IJobStateStore"/>: a process-local map of job id to newest event, bounded by
/// <see cref="JobStateStoreOptions.MaxJobs"/> and expiring after <see cref="JobStateStoreOptions.TimeToLive"/>.
/// </summary>
/// <remarks>Lock-free on the publish path; eviction runs in the background when the map outgrows its bound.</remarks>
public sealed class InMemoryJobStateStore : IJobStateStore
{
    private readonly ConcurrentDictionary<string, ProgressEvent> _snapshots = new(StringComparer.Ordinal);
    private readonly int _maxJobs;
    private readonly TimeSpan _timeToLive;
    private readonly TimeProvider _timeProvider;
    private int _count;
    private int _evicting;

    /// <summary>Initializes a new instance of the <see cref="InMemoryJobStateStore"/> class.</summary>
    /// <param name="options">The ProgressKit options; <see cref="ProgressKitOptions.StateStore"/> bounds the store.</param>
    public InMemoryJobStateStore(IOptions<ProgressKitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _maxJobs = value.StateStore.MaxJobs;
        _timeToLive = value.StateStore.TimeToLive;
        _timeProvider = value.TimeProvider;
    }

    /// <summary>Gets how many snapshots the store holds (expired ones included until they are read or evicted).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public ValueTask SetAsync(ProgressEvent snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        while (true)
        {
            if (!_snapshots.TryGetValue(snapshot.JobId, out var current))
            {
                if (_snapshots.TryAdd(snapshot.JobId, snapshot))
                {
                    if (Interlocked.Increment(ref _count) > _maxJobs)
                    {
                        ScheduleEviction();
                    }

                    return ValueTask.CompletedTask;
                }

                continue;
            }

            if (current.Sequence >= snapshot.Sequence || _snapshots.TryUpdate(snapshot.JobId, snapshot, current))
            {
                return ValueTask.CompletedTask;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<ProgressEvent?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        if (!_snapshots.TryGetValue(jobId, out var snapshot))
        {
            return ValueTask.FromResult<ProgressEvent?>(null);
        }

        if (IsExpired(snapshot, _timeProvider.GetUtcNow()))
        {
            Remove(jobId, snapshot);
            return ValueTask.FromResult<ProgressEvent?>(null);
        }

        return ValueTask.FromResult<ProgressEvent?>(snapshot);
    }

    private bool IsExpired(ProgressEvent snapshot, DateTimeOffset now) => snapshot.Timestamp + _timeToLive <= now;

    private void Remove(string jobId, ProgressEvent snapshot)
    {
        if (_snapshots.TryRemove(new KeyValuePair<string, ProgressEvent>(jobId, snapshot)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void ScheduleEviction()
    {
        if (Interlocked.CompareExchange(ref _evicting, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static store => store.Evict(), this, preferLocal: false);
        }
    }

    // Removes expired snapshots, then the oldest, down to 90% of the bound so that eviction does not run per insert.
    internal void Evict()
    {
        try
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var (jobId, snapshot) in _snapshots)
            {
                if (IsExpired(snapshot, now))
                {
                    Remove(jobId, snapshot);
                }
            }

            var excess = Count - (int)(_maxJobs * 0.9);
            if (excess > 0)
            {
                foreach (var (jobId, snapshot) in _snapshots.OrderBy(static p => p.Value.Timestamp).Take(excess).ToArray())
                {
                    Remove(jobId, snapshot);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }
}
