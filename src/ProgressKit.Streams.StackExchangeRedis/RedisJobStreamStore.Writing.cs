using ProgressKit.Events;
using ProgressKit.Streams.StackExchangeRedis.Diagnostics;
using ProgressKit.Streams.StackExchangeRedis.Redis;

namespace ProgressKit.Streams.StackExchangeRedis;

internal sealed partial class RedisJobStreamStore
{
    // The writer task: takes a batch off the queue, writes it (retrying until Redis answers), then completes the flush
    // markers read with it (the queue is FIFO, so every event before a marker is in this batch or an earlier one).
    // Never ends before disposal: an unexpected failure is logged and counted, and the loop goes on.
    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<ProgressEvent>(WriterBatchSize);
        var flushes = new List<TaskCompletionSource>();
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
                {
                    return;
                }

                while (batch.Count < WriterBatchSize && reader.TryRead(out var item))
                {
                    if (item.Flushed is { } flushed)
                    {
                        flushes.Add(flushed);
                    }
                    else
                    {
                        batch.Add(item.Event!);
                    }
                }

                await WriteBatchAsync(batch).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                Complete(flushes, canceled: true);
                return;
            }
            catch (Exception exception)
            {
                Log.WriterFailed(_logger, exception);
                _metrics.Written(MetricTags.Failed, batch.Count);
            }

            batch.Clear();
            Complete(flushes, canceled: false);
        }
    }

    private static void Complete(List<TaskCompletionSource> flushes, bool canceled)
    {
        foreach (var flushed in flushes)
        {
            if (canceled)
            {
                flushed.TrySetCanceled();
            }
            else
            {
                flushed.TrySetResult();
            }
        }

        flushes.Clear();
    }

    // Writes the batch pipelined on one connection (in order, so each job's events reach Redis in publish order);
    // what fails is written again, in order, after the retry delay, until Redis answers or the store is disposed.
    private async Task WriteBatchAsync(List<ProgressEvent> batch)
    {
        var pending = batch;
        var retried = false;
        while (pending.Count > 0)
        {
            var (failed, failure) = await TryWriteAsync(pending, retried).ConfigureAwait(false);
            if (failed is null)
            {
                if (retried)
                {
                    Log.WritesResumed(_logger);
                }

                return;
            }

            _metrics.Written(MetricTags.Failed, failed.Count);
            Log.WritesFailed(_logger, failed.Count, _options.RetryDelay.TotalMilliseconds, failure!);
            await Task.Delay(_options.RetryDelay, _timeProvider, _stopping.Token).ConfigureAwait(false);
            pending = failed;
            retried = true;
        }
    }

    private async Task<(List<ProgressEvent>? Failed, Exception? Failure)> TryWriteAsync(List<ProgressEvent> events, bool retried)
    {
        Task<AppendReply>[] writes;
        try
        {
            var database = await _connection.GetDatabaseAsync().ConfigureAwait(false);
            writes = new Task<AppendReply>[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                writes[i] = StreamCommands.AppendAsync(database, _keys, events[i], _bounds, _options.MaxJobs, _options.MaxTotalBytes);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            return ([.. events], exception);
        }

        List<ProgressEvent>? failed = null;
        Exception? failure = null;
        for (var i = 0; i < writes.Length; i++)
        {
            try
            {
                Record(events[i], await writes[i].ConfigureAwait(false), retried);
            }
            catch (Exception exception)
            {
                failure ??= exception;
                (failed ??= []).Add(events[i]);
            }
        }

        return (failed, failure);
    }

    private void Record(ProgressEvent progressEvent, AppendReply reply, bool retried)
    {
        _metrics.Evicted(MetricTags.JobEvents, reply.EvictedByCount);
        _metrics.Evicted(MetricTags.JobBytes, reply.EvictedByBytes);
        _metrics.Evicted(MetricTags.Discontinuity, reply.Cleared);
        _metrics.Released(MetricTags.Capacity, reply.Released);
        _metrics.Released(MetricTags.TotalBytes, reply.ReleasedByTotalBytes);
        if (reply.Answer == StreamScripts.Stored)
        {
            _metrics.Written(MetricTags.Stored);
            return;
        }

        // A retried write Redis already holds (its reply was lost) is not a refusal.
        if (retried && reply.Answer == StreamScripts.NotAfterPosition)
        {
            _metrics.Written(MetricTags.Stored);
            return;
        }

        _metrics.Written(MetricTags.Refused);
        var reason = reply.Answer == StreamScripts.OlderEpoch ? "older_epoch" : "not_after_position";
        Log.WriteRefused(_logger, progressEvent.Sequence, progressEvent.JobId, progressEvent.Epoch, reason);
    }
}
