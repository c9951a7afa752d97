using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>
/// An <see cref="IJobStreamStore"/> that keeps each job's stream in the job's item of the registry's jobs table (the
/// snapshot, position, log of the last events and streams' text; see <c>docs/api-gateway/table-design.md</c>), shared
/// by every process that publishes or routes the job. Each process keeps its own copy (the core's in-memory store) and
/// writes to DynamoDB in the background; reads merge the item with this process's newer, not yet written events.
/// </summary>
/// <remarks>
/// <para><see cref="Append"/> records the event in the local copy and queues it: it never blocks and never throws for
/// anything DynamoDB does. One writer task takes the queue a batch at a time and writes each job's events of the batch
/// with one conditional <c>UpdateItem</c> (read first, unless this process wrote the item last), jobs in parallel, a
/// job's writes in order. A write that lost a race is read and redone; one DynamoDB fails is tried
/// <see cref="DynamoDbJobStreamStoreOptions.MaxWriteAttempts"/> times, then given up (counted, logged). Past the
/// queue's capacity an event is not written (counted, logged; a terminal event each time).</para>
/// <para>State ownership: <see cref="_queue"/> is written by publishers and the transport's barrier, read by the writer
/// task only; the writer task owns its batch and the per-job maps (<see cref="_items"/>, <see cref="_versions"/>,
/// <see cref="_abandoned"/>; concurrent only because a batch writes several jobs at once, each entry touched by its job's
/// write alone); <see cref="_dropping"/> and <see cref="_disposed"/> are interlocked flags. The writer catches, logs
/// (event 3036) and counts every failure, so no background work ends the process.</para>
/// </remarks>
internal sealed partial class DynamoDbJobStreamStore : IJobStreamStore, IAsyncDisposable, IDisposable
{
    /// <summary>How many queued items the writer takes at once.</summary>
    internal const int WriterBatchSize = 256;

    /// <summary>How many jobs' writes of one batch run at once.</summary>
    internal const int WriteConcurrency = 16;

    /// <summary>How many jobs' last written items the writer remembers (to skip the read before a write); past it, it starts over.</summary>
    internal const int MaxRememberedItems = 1_024;

    /// <summary>How many times a write that lost a race with another process is read and redone.</summary>
    internal const int MaxConflictRetries = 16;

    private readonly IJobStreamStore _local;
    private readonly StoreSettings _settings;
    private readonly DynamoDbClientHolder _holder;
    private readonly ILogger _logger;
    private readonly DynamoDbStreamMetrics _metrics;
    private readonly Channel<WriteItem> _queue;
    private readonly CancellationTokenSource _stopping = new();
    // Writer task only (an entry by the write of its job): the item each job's last write left, to skip the read.
    private readonly ConcurrentDictionary<string, StreamItem> _items = new(StringComparer.Ordinal);

    // Writer task only: each job's subscription version from its last write, for the flush markers.
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);

    // Writer task only: the events of each job whose last write was given up, tried again by the job's next flush.
    private readonly ConcurrentDictionary<string, List<ProgressEvent>> _abandoned = new(StringComparer.Ordinal);
    private readonly Task _writer;

    // Publishers and the writer, interlocked: 1 while events are being dropped (logged once per run of drops).
    private int _dropping;

    // Interlocked: 1 once disposal began.
    private int _disposed;

    public DynamoDbJobStreamStore(IJobStreamStore local, StoreSettings settings, DynamoDbClientHolder holder, ILogger logger, System.Diagnostics.Metrics.IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(logger);
        _local = local;
        _settings = settings;
        _holder = holder;
        _logger = logger;
        _queue = Channel.CreateBounded<WriteItem>(new BoundedChannelOptions(settings.Store.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _metrics = new DynamoDbStreamMetrics(meterFactory, () => _queue.Reader.Count);
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

        _metrics.Dropped(_stopping.IsCancellationRequested || Volatile.Read(ref _disposed) == 1 ? "disposed" : "queue_full");
        if (progressEvent.IsTerminal)
        {
            Log.StreamTerminalDropped(_logger, _settings.Store.WriteQueueCapacity, progressEvent.Sequence, progressEvent.JobId);
        }
        else if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            Log.StreamWriteDropped(_logger, _settings.Store.WriteQueueCapacity, progressEvent.Sequence, progressEvent.JobId);
        }
    }

    /// <summary>
    /// Completes when DynamoDB has answered the write of every event of the job appended before the call, with the job's
    /// subscription version from that write (-1 when unknown: the caller must not trust a cached subscriber list).
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Stops waiting; the writes go on.</param>
    /// <returns>The subscription version.</returns>
    /// <exception cref="InvalidOperationException">
    /// The job's write was given up (DynamoDB failed it every attempt). A later flush of the job tries the given-up events
    /// once more before it answers.
    /// </exception>
    public async Task<long> FlushAsync(string jobId, CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new WriteItem(null, new Flush(jobId, flushed)), cancellationToken).ConfigureAwait(false);
        return await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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
        await Task.WhenAny(_writer, Task.Delay(_settings.Store.OperationTimeout, _settings.Clock)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var item))
        {
            if (item.Event is not null)
            {
                _metrics.Dropped("disposed");
            }

            item.Flushed?.Completion.TrySetCanceled();
        }

        _metrics.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Stops the writer without waiting (a container disposed synchronously gives no time for I/O): what is queued is not written.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _stopping.Cancel();
        _metrics.Dispose();
    }

    /// <summary>One queued item: an event to write, or a flush marker to complete once everything before it is written.</summary>
    private readonly record struct WriteItem(ProgressEvent? Event, Flush? Flushed);

    private sealed record Flush(string JobId, TaskCompletionSource<long> Completion);
}
