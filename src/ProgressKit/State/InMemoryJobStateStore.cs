using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProgressKit.Diagnostics;
using ProgressKit.Events;

namespace ProgressKit.State;

/// <summary>
/// The default <see cref="IJobStateStore"/>: a process-local map of job id to newest event, bounded by
/// <see cref="JobStateStoreOptions.MaxJobs"/> and expiring after <see cref="JobStateStoreOptions.TimeToLive"/>.
/// </summary>
/// <remarks>
/// Lock-free on the publish path; eviction runs in the background when the map outgrows its bound, and expired
/// snapshots are released on a timer every <see cref="Streams.JobStreamStoreOptions.ExpiryScanInterval"/> (not only
/// when read), both concurrently with inserts; neither ever throws (a failure is logged and counted in
/// <c>progresskit.background.failures</c>). Dispose stops the timer (the container does so for a registered store).
/// </remarks>
public sealed class InMemoryJobStateStore : IJobStateStore, IDisposable
{
    private readonly ConcurrentDictionary<string, ProgressEvent> _snapshots = new(StringComparer.Ordinal);
    private readonly int _maxJobs;
    private readonly TimeSpan _timeToLive;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ProgressKitMetrics? _metrics;
    private readonly ITimer _expiryTimer;

    // Written with Interlocked by inserting publishers and by the eviction work item.
    private int _count;

    // 1 while an eviction work item is queued or running: at most one at a time.
    private int _evicting;

    /// <summary>Initializes a new instance of the <see cref="InMemoryJobStateStore"/> class.</summary>
    /// <param name="options">The ProgressKit options; <see cref="ProgressKitOptions.StateStore"/> bounds the store.</param>
    public InMemoryJobStateStore(IOptions<ProgressKitOptions> options)
        : this(options, NullLogger.Instance, metrics: null)
    {
    }

    internal InMemoryJobStateStore(IOptions<ProgressKitOptions> options, ILogger logger, ProgressKitMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _maxJobs = value.StateStore.MaxJobs;
        _timeToLive = value.StateStore.TimeToLive;
        _timeProvider = value.TimeProvider;
        _logger = logger;
        _metrics = metrics;
        var scan = value.Streams.ExpiryScanInterval;
        _expiryTimer = _timeProvider.CreateTimer(static store => ((InMemoryJobStateStore)store!).OnExpiryTimer(), this, scan, scan);
    }

    /// <summary>Gets a value indicating whether an eviction is queued or running (for tests).</summary>
    internal bool IsEvicting => Volatile.Read(ref _evicting) == 1;

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

    /// <summary>Stops releasing expired snapshots on the timer; the store stays usable.</summary>
    public void Dispose() => _expiryTimer.Dispose();

    private void OnExpiryTimer() =>
        BackgroundWork.Run(BackgroundWork.StateStoreTrim, static store => store.EvictCore(), this, _logger, _metrics);

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
            BackgroundWork.Queue(BackgroundWork.StateStoreTrim, static store => store.Evict(), this, _logger, _metrics);
        }
    }

    /// <summary>
    /// Removes expired snapshots, then the oldest, down to 90% of the bound so that eviction does not run per insert.
    /// Runs while publishers insert: it reads the map only through its enumerator, which tolerates concurrent writes
    /// (LINQ's sort copies through <c>Count</c> then <c>CopyTo</c>, which throws when an insert lands in between).
    /// </summary>
    internal void Evict()
    {
        try
        {
            BackgroundWork.Run(BackgroundWork.StateStoreTrim, static store => store.EvictCore(), this, _logger, _metrics);
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }

        // Inserts that crossed the bound while this ran found the flag set and did not schedule another run. Everything
        // here is evictable, so another pass always makes progress.
        if (Count > _maxJobs)
        {
            ScheduleEviction();
        }
    }

    private void EvictCore()
    {
        var now = _timeProvider.GetUtcNow();
        var live = new List<KeyValuePair<string, ProgressEvent>>(Math.Min(Count, _maxJobs * 2));
        foreach (var entry in _snapshots)
        {
            if (IsExpired(entry.Value, now))
            {
                Remove(entry.Key, entry.Value);
            }
            else
            {
                live.Add(entry);
            }
        }

        // The enumerator may miss snapshots inserted while it ran (into buckets it had passed) yet see later ones, so a
        // pass removes at most what exceeds the target within what it saw: the newest it saw always stay. The bound is
        // re-read before each removal, so overlapping passes never remove more than the excess either. What a pass
        // could not see is trimmed by the next one, which Evict schedules while the store is above its bound.
        var target = (int)(_maxJobs * 0.9);
        var excess = Math.Min(Count, live.Count) - target;
        if (excess <= 0)
        {
            return;
        }

        live.Sort(static (a, b) => a.Value.Timestamp.CompareTo(b.Value.Timestamp));
        for (var i = 0; i < live.Count && excess > 0 && Count > target; i++)
        {
            // A snapshot replaced since it was read is newer than this pass knows: it stays.
            if (_snapshots.TryRemove(live[i]))
            {
                Interlocked.Decrement(ref _count);
                excess--;
            }
        }
    }
}
