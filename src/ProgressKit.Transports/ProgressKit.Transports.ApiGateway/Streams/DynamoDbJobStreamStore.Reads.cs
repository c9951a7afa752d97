using Amazon.DynamoDBv2.Model;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Registry;
using static ProgressKit.Transports.ApiGateway.Registry.AttributeValues;
using ProgressKit.Streams.Shared;

namespace ProgressKit.Transports.ApiGateway.Streams;

internal sealed partial class DynamoDbJobStreamStore
{
    /// <inheritdoc />
    public JobStreamState? GetLocalState(string jobId) => _local.GetLocalState(jobId);

    /// <inheritdoc />
    public async ValueTask<JobStreamState?> GetStateAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var local = _local.GetLocalState(jobId);
        var item = await TryReadAsync(jobId, projection: null, local is not null, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            // Unreadable while this process knows the job, or DynamoDB does not hold it.
            return local is null ? null : Fitted(local);
        }

        if (local is null || !IsAfter(local.Position, item.Position))
        {
            _metrics.Read("dynamodb");
            return item.ToState();
        }

        var tail = await LocalTailAsync(jobId, local, item.Position, cancellationToken).ConfigureAwait(false);
        _metrics.Read(tail is null ? "local" : "merged");
        return tail is null ? Fitted(local) : StreamExtension.Extend(item.ToState(), tail, _settings.Bounds);
    }

    /// <inheritdoc />
    public async ValueTask<ProgressEvent?> GetSnapshotAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var local = await _local.GetSnapshotAsync(jobId, cancellationToken).ConfigureAwait(false);
        var item = await TryReadAsync(jobId, SnapshotProjection, local is not null, cancellationToken).ConfigureAwait(false);
        if (item is null || (local is not null && IsAfter(PositionOf(local), item.Position)))
        {
            // This process's copy is newer (writes in flight), or DynamoDB does not hold the job or could not be read.
            _metrics.Read("local");
            return local is null ? null : Fitted(local);
        }

        _metrics.Read("dynamodb");
        return ProgressEventSerializer.Deserialize(item.Snapshot!);
    }

    /// <inheritdoc />
    public async ValueTask<JobResumeResult> ReadAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var result = await AnswerAsync(jobId, cursor, cancellationToken).ConfigureAwait(false);
        _metrics.Resumed(result.Outcome, result.Events.Count);
        return result;
    }

    private async ValueTask<JobResumeResult> AnswerAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken)
    {
        var local = _local.GetLocalState(jobId);
        var item = await TryReadAsync(jobId, projection: null, local is not null, cancellationToken).ConfigureAwait(false);
        if (local is null || (item is not null && !IsAfter(local.Position, item.Position)))
        {
            _metrics.Read("dynamodb");
            return item is null ? JobResumeResult.UnknownJob : Resume(item, cursor);
        }

        // This process is ahead of DynamoDB (writes in flight), or DynamoDB lost the job or could not be read: its own
        // copy answers when it holds every event after the cursor.
        var answer = Fitted(await _local.ReadAsync(jobId, cursor, cancellationToken).ConfigureAwait(false));
        if (answer.Outcome == ResumeOutcome.Gapless || item is null)
        {
            _metrics.Read("local");
            return answer;
        }

        var tail = await LocalTailAsync(jobId, local, item.Position, cancellationToken).ConfigureAwait(false);
        if (tail is null)
        {
            _metrics.Read("local");
            return answer;
        }

        _metrics.Read("merged");
        var shared = Resume(item, cursor);
        if (shared.Outcome == ResumeOutcome.Gapless && shared.Events.Count + tail.Count <= _settings.Bounds.MaxReplayEvents)
        {
            ProgressEvent[] events = [.. shared.Events, .. tail];
            return new JobResumeResult(ResumeOutcome.Gapless, local.Position, events, state: null);
        }

        // The item's text is whole even when this process continued the job midway: extend it with the newest chunks.
        var merged = StreamExtension.Extend(item.ToState(), tail, _settings.Bounds);
        var outcome = shared.Outcome == ResumeOutcome.NewEpoch ? ResumeOutcome.NewEpoch : ResumeOutcome.Truncated;
        return new JobResumeResult(outcome, merged.Position, [], merged);
    }

    private JobResumeResult Resume(StreamItem item, JobStreamCursor? cursor)
    {
        if (cursor is not { } c)
        {
            return Replace(item, ResumeOutcome.Truncated);
        }

        if (!string.Equals(c.Epoch ?? item.Epoch, item.Epoch, StringComparison.Ordinal))
        {
            return Replace(item, ResumeOutcome.NewEpoch);
        }

        var missing = item.Sequence - c.AfterSequence;
        if (missing < 0 || c.AfterSequence < item.FirstReplayable - 1 || missing > _settings.Bounds.MaxReplayEvents)
        {
            return Replace(item, ResumeOutcome.Truncated);
        }

        return new JobResumeResult(ResumeOutcome.Gapless, item.Position, item.Last((int)missing), state: null);
    }

    private static JobResumeResult Replace(StreamItem item, ResumeOutcome outcome)
    {
        var state = item.ToState();
        return new JobResumeResult(outcome, state.Position, [], state);
    }

    // The local copy's events after what DynamoDB holds, when it is ahead in the same epoch and holds them all.
    private async ValueTask<IReadOnlyList<ProgressEvent>?> LocalTailAsync(string jobId, JobStreamState local, JobStreamPosition shared, CancellationToken cancellationToken)
    {
        if (!string.Equals(local.Position.Epoch, shared.Epoch, StringComparison.Ordinal)
            || !JobStreamCursor.TryCreate(shared.Sequence, shared.Epoch, out var cursor))
        {
            return null;
        }

        var tail = await _local.ReadAsync(jobId, cursor, cancellationToken).ConfigureAwait(false);
        return tail.Outcome == ResumeOutcome.Gapless && tail.Events.Count > 0 ? [.. tail.Events.Select(Fitted)] : null;
    }

    // The job's item (null when DynamoDB does not hold it or it expired). When DynamoDB cannot be read: null if this
    // process's copy can answer instead (logged, counted), else a clear error, since "unknown" would be a guess.
    private async ValueTask<StreamItem?> TryReadAsync(string jobId, string? projection, bool localKnows, CancellationToken cancellationToken)
    {
        try
        {
            using var bound = new CancellationTokenSource(_settings.Store.OperationTimeout, _settings.Clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
            var request = new GetItemRequest
            {
                TableName = _settings.JobsTableName,
                Key = new() { [DynamoDbSchema.JobId] = S(jobId) },
                ConsistentRead = true,
            };
            if (projection is not null)
            {
                request.ProjectionExpression = projection;
                request.ExpressionAttributeNames = SnapshotNames();
            }

            var response = await _holder.Client.GetItemAsync(request, linked.Token).ConfigureAwait(false);
            var item = StreamItem.Parse(response.Item, _settings.ItemClock.GetUtcNow().ToUnixTimeSeconds());
            return item.HasStream ? item : null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.StreamReadFellBack(_logger, jobId, exception);
            _metrics.Read("fallback");
            return localKnows
                ? null
                : throw new InvalidOperationException(
                    $"Job '{jobId}' is not in this process's copy and the DynamoDB job stream store could not be read: {exception.Message}", exception);
        }
    }

    private const string SnapshotProjection = "#seq, #snapshot, #epoch, #kept, #expires";

    private static Dictionary<string, string> SnapshotNames() => new()
    {
        ["#seq"] = DynamoDbSchema.Sequence,
        ["#snapshot"] = DynamoDbSchema.Snapshot,
        ["#epoch"] = DynamoDbSchema.Epoch,
        ["#kept"] = DynamoDbSchema.KeptSequence,
        ["#expires"] = DynamoDbSchema.ExpiresAt,
    };

    // What clients received of an event from this process's copy (which holds events as published), so that every
    // read answers with events as the item holds them.
    private ProgressEvent Fitted(ProgressEvent progressEvent)
    {
        ProgressEventSizeLimiter.Fit(progressEvent, _settings.MaxEventBytes, out var fitted);
        return fitted;
    }

    private JobStreamState Fitted(JobStreamState state) => new(Fitted(state.Snapshot), state.Position, state.Streams);

    private JobResumeResult Fitted(JobResumeResult result) => ReferenceEquals(result, JobResumeResult.UnknownJob)
        ? result
        : new JobResumeResult(result.Outcome, result.Position, [.. result.Events.Select(Fitted)], result.State is null ? null : Fitted(result.State));

    private static JobStreamPosition PositionOf(ProgressEvent progressEvent) =>
        new(progressEvent.Epoch ?? string.Empty, progressEvent.Sequence, progressEvent.KeptSequence ?? 0);

    private static bool IsAfter(JobStreamPosition position, JobStreamPosition other)
    {
        var order = string.CompareOrdinal(position.Epoch, other.Epoch);
        return order > 0 || (order == 0 && position.Sequence > other.Sequence);
    }
}
