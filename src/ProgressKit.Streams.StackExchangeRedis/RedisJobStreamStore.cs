using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ProgressKit.Events;
using ProgressKit.Streams.StackExchangeRedis.Diagnostics;
using ProgressKit.Streams.StackExchangeRedis.Redis;

namespace ProgressKit.Streams.StackExchangeRedis;

/// <summary>
/// An <see cref="IJobStreamStore"/> shared through Redis: every process keeps its own copy (the store registered before,
/// the in-memory one by default) and writes each event to one log per job in Redis in the background; reads merge what
/// Redis holds (other processes' events) with this process's newest, not yet written ones.
/// </summary>
/// <remarks>
/// <para><see cref="Append"/> records the event in the local copy and queues it, so it never blocks and never throws for
/// anything Redis does. One writer task writes the queue in order, a batch at a time, pipelined on one connection, so
/// each job's events reach Redis in publish order. Each write is one Lua step (<see cref="StreamScripts.Append"/>) that
/// keeps the log's positions contiguous whichever process writes. A write Redis fails is retried after
/// <see cref="RedisJobStreamStoreOptions.RetryDelay"/>; while it is retried the queue fills, and past its capacity an
/// event is not written to Redis (counted, logged), which the script turns into a fresh start of the job's log: a resume
/// across the gap is answered <see cref="ResumeOutcome.Truncated"/>, never silently gapless.</para>
/// <para>State ownership: <see cref="_queue"/> is written by publishers and read by the writer task only; the writer
/// task owns its batch; <see cref="_dropping"/> is a flag publishers and the writer set with interlocked operations.
/// The background writer catches, logs (event 6030) and counts every failure, so it never ends the process.</para>
/// </remarks>
internal sealed partial class RedisJobStreamStore : IJobStreamStore, IRedisJobStreamWriter, IAsyncDisposable
{
    /// <summary>How many writes the writer keeps in flight at once (they pipeline on one connection).</summary>
    internal const int WriterBatchSize = 256;

    private readonly IJobStreamStore _local;
    private readonly JobStreamStoreOptions _bounds;
    private readonly RedisJobStreamStoreOptions _options;
    private readonly StreamConnection _connection;
    private readonly StreamKeys _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RedisStreamMetrics _metrics;
    private readonly Channel<WriteItem> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;

    // Publishers and the writer, interlocked: 1 while events are being dropped (logged once per run of drops).
    private int _dropping;

    // Interlocked: 1 once disposal began (the container disposes the store once per service type it is resolved as).
    private int _disposed;

    public RedisJobStreamStore(
        IJobStreamStore local,
        JobStreamStoreOptions bounds,
        RedisJobStreamStoreOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        RedisJobStreamStoreOptionsValidator.ThrowIfInvalid(options);
        _local = local;
        _bounds = bounds;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _keys = new StreamKeys(options.KeyPrefix);
        _connection = new StreamConnection(options, logger);
        _queue = Channel.CreateBounded<WriteItem>(new BoundedChannelOptions(options.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _metrics = new RedisStreamMetrics(meterFactory, () => _queue.Reader.Count);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <inheritdoc />
    public void Append(ProgressEvent progressEvent)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        _local.Append(progressEvent);
        if (_queue.Writer.TryWrite(new WriteItem(progressEvent, null)))
        {
            if (Volatile.Read(ref _dropping) == 1)
            {
                Interlocked.Exchange(ref _dropping, 0);
            }

            return;
        }

        _metrics.Dropped(_stopping.IsCancellationRequested ? MetricTags.Disposed : MetricTags.QueueFull);
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            Log.WriteDropped(_logger, _options.WriteQueueCapacity, progressEvent.Sequence, progressEvent.JobId);
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new WriteItem(null, flushed), cancellationToken).ConfigureAwait(false);
        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Writes what is queued for at most one operation timeout, then stops; what is left is counted as dropped.
        _queue.Writer.TryComplete();
        await Task.WhenAny(_writer, Task.Delay(_options.OperationTimeout, _timeProvider)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var item))
        {
            if (item.Event is not null)
            {
                _metrics.Dropped(MetricTags.Disposed);
            }

            item.Flushed?.TrySetCanceled();
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        switch (_local)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        _metrics.Dispose();
        _stopping.Dispose();
    }

    /// <summary>One queued item: an event to write, or a flush marker to complete once everything before it is written.</summary>
    private readonly record struct WriteItem(ProgressEvent? Event, TaskCompletionSource? Flushed);
}
