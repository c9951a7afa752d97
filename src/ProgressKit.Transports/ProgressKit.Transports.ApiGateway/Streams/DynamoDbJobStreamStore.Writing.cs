using System.Collections.Concurrent;
using System.Text;
using Amazon.DynamoDBv2.Model;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Registry;
using static ProgressKit.Transports.ApiGateway.Registry.AttributeValues;

namespace ProgressKit.Transports.ApiGateway.Streams;

internal sealed partial class DynamoDbJobStreamStore
{
    // The writer task: takes a batch off the queue, writes it, then completes the flush markers read with it (the queue
    // is FIFO, so every event before a marker is in this batch or an earlier one). Never ends before disposal: an
    // unexpected failure is logged and counted, and the loop goes on.
    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<ProgressEvent>(WriterBatchSize);
        var flushes = new List<Flush>();
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

                var failed = await WriteBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
                await CompleteAsync(flushes, failed).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                foreach (var flush in flushes)
                {
                    flush.Completion.TrySetCanceled();
                }

                return;
            }
            catch (Exception exception)
            {
                Log.StreamWriterFailed(_logger, exception);
                _metrics.Written("failed", batch.Count);
                batch.Clear();
                foreach (var flush in flushes)
                {
                    flush.Completion.TrySetException(exception);
                }

                flushes.Clear();
            }
        }
    }

    // Answers each flush marker with the job's subscription version. A job whose last write was given up (in this
    // batch: at once, as a failure; in an earlier one: after one more try of the given-up events, so that a send that
    // the dispatcher retries once DynamoDB is back finds its event stored, a terminal one included).
    private async Task CompleteAsync(List<Flush> flushes, IReadOnlyCollection<string> failed)
    {
        Dictionary<string, bool>? retried = null;
        foreach (var flush in flushes)
        {
            var jobId = flush.JobId;
            var written = !failed.Contains(jobId);
            if (written && _abandoned.TryGetValue(jobId, out var events))
            {
                retried ??= new(StringComparer.Ordinal);
                if (!retried.TryGetValue(jobId, out written))
                {
                    written = await WriteJobAsync(jobId, events).ConfigureAwait(false);
                    retried[jobId] = written;
                }
            }

            if (written)
            {
                flush.Completion.TrySetResult(_versions.TryGetValue(jobId, out var version) ? version : -1);
            }
            else
            {
                flush.Completion.TrySetException(new InvalidOperationException(
                    $"The DynamoDB job stream store could not write job '{jobId}' after {_settings.Store.MaxWriteAttempts} attempts."));
            }
        }

        flushes.Clear();
    }

    // Each job's events of the batch in one write, jobs in parallel; returns the jobs whose write was given up.
    private async Task<IReadOnlyCollection<string>> WriteBatchAsync(List<ProgressEvent> batch)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var jobs = new Dictionary<string, List<ProgressEvent>>(StringComparer.Ordinal);
        foreach (var progressEvent in batch)
        {
            if (!jobs.TryGetValue(progressEvent.JobId, out var events))
            {
                jobs[progressEvent.JobId] = events = [];
            }

            events.Add(progressEvent);
        }

        var failed = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            jobs,
            new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = _stopping.Token },
            async (job, _) =>
            {
                if (!await WriteJobAsync(job.Key, job.Value).ConfigureAwait(false))
                {
                    failed.Add(job.Key);
                }
            }).ConfigureAwait(false);
        return failed.ToHashSet(StringComparer.Ordinal);
    }

    // One job's events in one conditional write: redone at once when another process wrote the item in between,
    // retried after RetryDelay when DynamoDB failed, given up after MaxWriteAttempts.
    private async Task<bool> WriteJobAsync(string jobId, List<ProgressEvent> events)
    {
        var json = events.ConvertAll(e => Encoding.UTF8.GetString(ProgressEventSizeLimiter.Fit(e, _settings.MaxEventBytes, out _)));
        var attempt = 1;
        var conflicts = 0;
        while (true)
        {
            try
            {
                using var bound = new CancellationTokenSource(_settings.Store.OperationTimeout, _settings.Clock);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, _stopping.Token);
                var item = _items.TryRemove(jobId, out var known) ? known : await ReadItemAsync(jobId, linked.Token).ConfigureAwait(false);
                var (newest, applied) = Apply(item, events, json, attempt > 1, out var evictions);
                if (newest is null)
                {
                    _versions.TryRemove(jobId, out _);
                    _abandoned.TryRemove(jobId, out _);
                    return true;
                }

                var request = item.ToUpdate(_settings.JobsTableName, jobId, newest, ExpiresAt());
                var response = await _holder.Client.UpdateItemAsync(request, linked.Token).ConfigureAwait(false);
                item.Stored();
                _abandoned.TryRemove(jobId, out _);
                Remember(jobId, item, newest.IsTerminal, GetLong(response.Attributes, DynamoDbSchema.SubscriptionVersion) ?? -1);
                _metrics.Written("stored", applied);
                _metrics.Evicted(evictions);
                if (attempt > 1)
                {
                    Log.StreamWritesResumed(_logger);
                }

                return true;
            }
            catch (ConditionalCheckFailedException) when (conflicts < MaxConflictRetries)
            {
                // Another process wrote the job's stream since the read: read it again and redo the write on top.
                conflicts++;
                _metrics.Written("conflict");
            }
            catch (Exception exception) when (!_stopping.IsCancellationRequested)
            {
                _versions.TryRemove(jobId, out _);
                if (attempt >= _settings.Store.MaxWriteAttempts)
                {
                    // Kept for the next flush of the job, which tries them once more (see CompleteAsync).
                    if (_abandoned.Count >= MaxRememberedItems)
                    {
                        _abandoned.Clear();
                    }

                    _abandoned[jobId] = events;
                    _metrics.Written("failed", events.Count);
                    Log.StreamWriteFailed(_logger, events.Count, jobId, attempt, _settings.Store.MaxWriteAttempts, exception);
                    Log.StreamWriteAbandoned(_logger, events.Count, jobId, events[^1].Sequence, _settings.Store.MaxWriteAttempts);
                    return false;
                }

                Log.StreamWriteFailed(_logger, events.Count, jobId, attempt, _settings.Store.MaxWriteAttempts, exception);
                attempt++;
                await Task.Delay(_settings.Store.RetryDelay, _settings.Clock, _stopping.Token).ConfigureAwait(false);
            }
        }
    }

    // Applies the events to the item; returns the newest applied (null when none was) and how many were.
    private (ProgressEvent? Newest, int Applied) Apply(StreamItem item, List<ProgressEvent> events, List<string> json, bool retried, out ItemEvictions evictions)
    {
        evictions = default;
        ProgressEvent? newest = null;
        var applied = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var refused = item.Apply(events[i], json[i], _settings.Bounds, ref evictions);
            if (refused is null)
            {
                newest = events[i];
                applied++;
            }
            else if (retried && refused == StreamRefusals.NotAfterPosition)
            {
                // A retried write DynamoDB already holds (its answer was lost) is not a refusal.
                _metrics.Written("stored");
            }
            else
            {
                _metrics.Written("refused");
                Log.StreamWriteRefused(_logger, events[i].JobId, events[i].Sequence, events[i].Epoch, refused);
            }
        }

        return (newest, applied);
    }

    private void Remember(string jobId, StreamItem item, bool terminal, long version)
    {
        if (_versions.Count >= MaxRememberedItems * 10)
        {
            _versions.Clear();
        }

        _versions[jobId] = version;
        if (terminal)
        {
            return;
        }

        if (_items.Count >= MaxRememberedItems)
        {
            _items.Clear();
        }

        _items[jobId] = item;
    }

    private async Task<StreamItem> ReadItemAsync(string jobId, CancellationToken cancellationToken)
    {
        var response = await _holder.Client.GetItemAsync(new GetItemRequest
        {
            TableName = _settings.JobsTableName,
            Key = new() { [DynamoDbSchema.JobId] = S(jobId) },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return StreamItem.Parse(response.Item, _settings.ItemClock.GetUtcNow().ToUnixTimeSeconds());
    }

    private long ExpiresAt() => (_settings.ItemClock.GetUtcNow() + _settings.JobTimeToLive).ToUnixTimeSeconds();
}
