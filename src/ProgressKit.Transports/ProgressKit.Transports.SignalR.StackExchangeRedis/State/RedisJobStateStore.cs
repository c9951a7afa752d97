using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.State;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.State;

/// <summary>
/// The shared <see cref="IJobStateStore"/>: each job's newest event in Redis, so that a late joiner on any node gets the
/// snapshot and the access policy sees the job's owner wherever the job runs.
/// </summary>
/// <remarks>
/// <para><see cref="SetAsync"/> returns at once: it keeps the event in memory and a background writer stores the newest
/// event of each job (older ones it has not written yet are superseded). Writes are conditional on the seq in one Lua
/// step, so an older event never overwrites a newer one, whichever process writes.</para>
/// <para><see cref="EnsureStoredAsync"/> is what the SignalR transport's barrier awaits before each group send: the
/// event's snapshot (or a newer one) is in Redis before any node can deliver the event.</para>
/// <para>After the connection comes back (Redis may have restarted empty), every job this process knows is written
/// again. While Redis is away, reads answer from this process's memory when it knows the job.</para>
/// </remarks>
internal sealed partial class RedisJobStateStore : IJobStateStore, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SnapshotSlot> _slots = new(StringComparer.Ordinal);
    private readonly Channel<SnapshotSlot> _queue = Channel.CreateUnbounded<SnapshotSlot>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly RedisConnections _connections;
    private readonly RedisKeys _keys;
    private readonly ScaleOutMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeToLive;
    private readonly int _maxSnapshots;
    private readonly int _maxLocalJobs;
    private int _count;
    private int _epoch;
    private int _evicting;
    private int _disposed;
    private Task? _writer;

    public RedisJobStateStore(
        RedisConnections connections,
        RedisKeys keys,
        ScaleOutMetrics metrics,
        IOptions<SignalRRedisScaleOutOptions> options,
        IOptions<ProgressKitOptions> progressKitOptions,
        ILogger<RedisJobStateStore> logger)
    {
        _connections = connections;
        _keys = keys;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = progressKitOptions.Value.TimeProvider;
        _timeToLive = options.Value.SnapshotTimeToLive;
        _maxSnapshots = options.Value.MaxSnapshots;
        _maxLocalJobs = options.Value.MaxLocalJobs;
        connections.StoreReconnected += OnReconnected;
    }

    /// <summary>Gets how many jobs this process remembers.</summary>
    internal int LocalCount => Volatile.Read(ref _count);

    /// <summary>Gets the delay before the writer retries snapshots it could not store.</summary>
    internal static TimeSpan RetryDelay { get; } = TimeSpan.FromSeconds(1);

    public ValueTask SetAsync(ProgressEvent snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var slot = GetSlot(snapshot);
        bool enqueue;
        lock (slot.Gate)
        {
            slot.Offer(snapshot, Environment.TickCount64);
            enqueue = MarkQueued(slot);
        }

        if (enqueue)
        {
            Enqueue(slot);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<ProgressEvent?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var local = LocalSnapshot(jobId);
        byte[]? bytes;
        try
        {
            var connection = await _connections.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            bytes = await SnapshotScripts.GetAsync(connection.GetDatabase(), _keys, jobId).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (local is not null && exception is not OperationCanceledException)
        {
            Log.SnapshotReadFellBack(_logger, jobId, exception);
            return local;
        }

        var stored = Deserialize(jobId, bytes);
        return stored is null || (local is not null && local.Sequence > stored.Sequence) ? local : stored;
    }

    // Idempotent: the container disposes the store once as itself and once as the IJobStateStore it also serves.
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _connections.StoreReconnected -= OnReconnected;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private ProgressEvent? LocalSnapshot(string jobId)
    {
        if (!_slots.TryGetValue(jobId, out var slot))
        {
            return null;
        }

        ProgressEvent latest;
        lock (slot.Gate)
        {
            latest = slot.Latest;
        }

        return latest.Timestamp + _timeToLive > _timeProvider.GetUtcNow() ? latest : null;
    }

    private ProgressEvent? Deserialize(string jobId, byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return ProgressEventSerializer.Deserialize(bytes);
        }
        catch (JsonException exception)
        {
            Log.SnapshotUnreadable(_logger, jobId, exception);
            return null;
        }
    }

    private SnapshotSlot GetSlot(ProgressEvent progressEvent)
    {
        if (_slots.TryGetValue(progressEvent.JobId, out var slot))
        {
            return slot;
        }

        var created = new SnapshotSlot(progressEvent.JobId, progressEvent, Environment.TickCount64);
        slot = _slots.GetOrAdd(progressEvent.JobId, created);
        if (ReferenceEquals(slot, created) && Interlocked.Increment(ref _count) > _maxLocalJobs)
        {
            ScheduleEviction();
        }

        return slot;
    }

    // Called under the slot's gate: queue the slot once for the background writer while Redis lacks its newest event.
    private static bool MarkQueued(SnapshotSlot slot)
    {
        if (slot.Queued || slot.Dropped || slot.StoredSeq >= slot.Latest.Sequence)
        {
            return false;
        }

        slot.Queued = true;
        return true;
    }

    private void Enqueue(SnapshotSlot slot)
    {
        _queue.Writer.TryWrite(slot);
        if (Volatile.Read(ref _writer) is null)
        {
            StartWriter();
        }
    }

    private void OnReconnected()
    {
        // Redis may have restarted empty: nothing it held before counts, and every job known here is written again.
        Interlocked.Increment(ref _epoch);
        var count = 0;
        foreach (var slot in _slots.Values)
        {
            bool enqueue;
            lock (slot.Gate)
            {
                slot.StoredSeq = 0;
                enqueue = MarkQueued(slot);
            }

            if (enqueue)
            {
                count++;
                Enqueue(slot);
            }
        }

        Log.RewritingSnapshots(_logger, count);
    }
}
