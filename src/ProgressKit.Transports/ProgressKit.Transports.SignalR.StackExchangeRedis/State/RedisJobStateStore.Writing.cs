using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.State;

internal sealed partial class RedisJobStateStore
{
    /// <summary>How many snapshot writes the background writer keeps in flight at once (they pipeline on one connection).</summary>
    internal const int WriterBatchSize = 256;

    /// <summary>
    /// Completes when Redis holds <paramref name="progressEvent"/>'s snapshot or a newer one of its job: joins the write
    /// in flight when it covers the event, else writes the job's newest event now. Throws what the write threw.
    /// </summary>
    public ValueTask EnsureStoredAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        var slot = GetSlot(progressEvent);
        Task? pending;
        WriteStart start;
        lock (slot.Gate)
        {
            slot.Offer(progressEvent, Environment.TickCount64);
            pending = StartOrJoinWrite(slot, progressEvent.Sequence, out start);
        }

        if (pending is null)
        {
            return ValueTask.CompletedTask;
        }

        Launch(start);
        return WaitStoredAsync(slot, progressEvent.Sequence, pending, cancellationToken);
    }

    private async ValueTask WaitStoredAsync(SnapshotSlot slot, long sequence, Task pending, CancellationToken cancellationToken)
    {
        // Loops only when a reconnection made a finished write not count (Redis may have lost it): write again.
        while (true)
        {
            await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            Task? next;
            WriteStart start;
            lock (slot.Gate)
            {
                next = StartOrJoinWrite(slot, sequence, out start);
            }

            if (next is null)
            {
                return;
            }

            Launch(start);
            pending = next;
        }
    }

    // Called under the slot's gate. Returns null when Redis already holds the seq; otherwise the write to await, and in
    // `start` a write the caller must launch outside the gate.
    private Task? StartOrJoinWrite(SnapshotSlot slot, long sequence, out WriteStart start)
    {
        start = default;
        if (slot.StoredSeq >= sequence)
        {
            return null;
        }

        if (slot.Write is { } inFlight && slot.WriteSeq >= sequence)
        {
            return inFlight.Task;
        }

        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slot.Write = write;
        slot.WriteSeq = slot.Latest.Sequence;
        start = new WriteStart(slot, slot.Latest, write, Volatile.Read(ref _epoch));
        return write.Task;
    }

    private void Launch(WriteStart start)
    {
        if (start.Slot is { } slot)
        {
            _ = WriteAsync(slot, start.Event, start.Write, start.Epoch);
        }
    }

    private async Task WriteAsync(SnapshotSlot slot, ProgressEvent progressEvent, TaskCompletionSource write, int epoch)
    {
        try
        {
            var connection = await _connections.GetAsync().ConfigureAwait(false);
            var stored = await SnapshotScripts.SetAsync(connection.GetDatabase(), _keys, progressEvent, _timeToLive, _maxSnapshots, _timeProvider.GetUtcNow())
                .ConfigureAwait(false);
            lock (slot.Gate)
            {
                // A write that finished across a reconnection may have gone to a Redis that restarted since: not counted.
                if (epoch == Volatile.Read(ref _epoch) && stored > slot.StoredSeq)
                {
                    slot.StoredSeq = stored;
                }

                ClearWrite(slot, write);
            }

            _metrics.SnapshotWritten(stored: true);
            write.TrySetResult();
        }
        catch (Exception exception)
        {
            lock (slot.Gate)
            {
                ClearWrite(slot, write);
            }

            _metrics.SnapshotWritten(stored: false);
            write.TrySetException(exception);

            // Observed here so that a write whose waiter gave up does not surface as an unobserved task exception.
            _ = write.Task.Exception;
        }
    }

    private static void ClearWrite(SnapshotSlot slot, TaskCompletionSource write)
    {
        if (ReferenceEquals(slot.Write, write))
        {
            slot.Write = null;
        }
    }

    private void StartWriter()
    {
        lock (_queue)
        {
            _writer ??= Task.Run(WriteLoopAsync);
        }
    }

    // Stores the newest event of every queued job, a batch at a time; what fails is queued again after a delay.
    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<(SnapshotSlot Slot, Task Write)>(WriterBatchSize);
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (batch.Count < WriterBatchSize && reader.TryRead(out var slot))
                {
                    Task? pending = null;
                    WriteStart start = default;
                    lock (slot.Gate)
                    {
                        slot.Queued = false;
                        if (!slot.Dropped)
                        {
                            pending = StartOrJoinWrite(slot, slot.Latest.Sequence, out start);
                        }
                    }

                    if (pending is not null)
                    {
                        Launch(start);
                        batch.Add((slot, pending));
                    }
                }

                await FinishBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed: what is unwritten stays so; other processes and the next restart write their own.
        }
    }

    private async Task FinishBatchAsync(List<(SnapshotSlot Slot, Task Write)> batch)
    {
        List<SnapshotSlot>? failed = null;
        Exception? firstFailure = null;
        foreach (var (slot, write) in batch)
        {
            try
            {
                await write.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                firstFailure ??= exception;
                (failed ??= []).Add(slot);
            }
        }

        if (failed is null)
        {
            return;
        }

        Log.SnapshotWritesFailed(_logger, failed.Count, RetryDelay.TotalMilliseconds, firstFailure!);
        await Task.Delay(RetryDelay, _timeProvider, _stopping.Token).ConfigureAwait(false);
        foreach (var slot in failed)
        {
            bool enqueue;
            lock (slot.Gate)
            {
                enqueue = MarkQueued(slot);
            }

            if (enqueue)
            {
                _queue.Writer.TryWrite(slot);
            }
        }
    }

    /// <summary>A write decided under a slot's gate and launched outside it.</summary>
    private readonly record struct WriteStart(SnapshotSlot? Slot, ProgressEvent Event, TaskCompletionSource Write, int Epoch);
}
