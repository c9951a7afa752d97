using ProgressKit.Events;
using ProgressKit.Streams.StackExchangeRedis.Diagnostics;
using ProgressKit.Streams.StackExchangeRedis.Redis;
using ProgressKit.Streams.Shared;

namespace ProgressKit.Streams.StackExchangeRedis;

internal sealed partial class RedisJobStreamStore
{
    /// <inheritdoc />
    public async ValueTask<JobStreamState?> GetStateAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var (failure, read) = await TryReadSharedAsync(jobId, cursor: null, cancellationToken).ConfigureAwait(false);
        var local = await _local.GetStateAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return local ?? throw Unreadable(jobId, failure);
        }

        if (read is null)
        {
            return local;
        }

        if (local is null || !IsAfter(local.Position, read.Position))
        {
            _metrics.Read(MetricTags.Redis);
            return read.State;
        }

        var tail = await LocalTailAsync(jobId, local, read, cancellationToken).ConfigureAwait(false);
        _metrics.Read(tail is null ? MetricTags.Local : MetricTags.Merged);
        return tail is null ? local : StreamExtension.Extend(read.State, tail, _bounds);
    }

    /// <inheritdoc />
    public JobStreamState? GetLocalState(string jobId) => _local.GetLocalState(jobId);

    /// <inheritdoc />
    public async ValueTask<ProgressEvent?> GetSnapshotAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var local = await _local.GetSnapshotAsync(jobId, cancellationToken).ConfigureAwait(false);
        ProgressEvent? shared;
        try
        {
            var database = await _connection.GetDatabaseAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            shared = await StreamCommands.ReadSnapshotAsync(database, _keys, jobId).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ReadFellBack(_logger, jobId, exception);
            _metrics.Read(MetricTags.Fallback);
            return local ?? throw Unreadable(jobId, exception);
        }

        if (shared is null || (local is not null && IsAfter(PositionOf(local), PositionOf(shared))))
        {
            _metrics.Read(MetricTags.Local);
            return local;
        }

        _metrics.Read(MetricTags.Redis);
        return shared;
    }

    private static JobStreamPosition PositionOf(ProgressEvent progressEvent) =>
        new(progressEvent.Epoch ?? string.Empty, progressEvent.Sequence, progressEvent.KeptSequence ?? 0);

    /// <inheritdoc />
    public async ValueTask<JobResumeResult> ReadAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var result = await AnswerAsync(jobId, cursor, cancellationToken).ConfigureAwait(false);
        // Counted here, once per answer: the local copy's own resume counters also see this store's internal reads.
        _metrics.Resumed(result.Outcome, result.Events.Count);
        return result;
    }

    private async ValueTask<JobResumeResult> AnswerAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken)
    {
        var (failure, read) = await TryReadSharedAsync(jobId, cursor, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            var fallback = await _local.ReadAsync(jobId, cursor, cancellationToken).ConfigureAwait(false);
            return ReferenceEquals(fallback, JobResumeResult.UnknownJob) ? throw Unreadable(jobId, failure) : fallback;
        }

        var local = await _local.GetStateAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (local is null || (read is not null && (IsAfter(read.Position, local.Position) || (read.Outcome == ResumeOutcome.Gapless && read.Position == local.Position))))
        {
            _metrics.Read(MetricTags.Redis);
            return read?.ToResult() ?? JobResumeResult.UnknownJob;
        }

        // This process is at or ahead of Redis (writes in flight, a gap Redis started afresh after, or a job Redis lost):
        // its own copy answers when it holds every event after the cursor.
        var answer = await _local.ReadAsync(jobId, cursor, cancellationToken).ConfigureAwait(false);
        if (answer.Outcome == ResumeOutcome.Gapless || read is null)
        {
            _metrics.Read(MetricTags.Local);
            return answer;
        }

        if (read.Position == local.Position)
        {
            // The same newest event: Redis's text is whole even when this process continued the job midway.
            _metrics.Read(MetricTags.Redis);
            return read.ToResult();
        }

        var tail = await LocalTailAsync(jobId, local, read, cancellationToken).ConfigureAwait(false);
        if (tail is null)
        {
            _metrics.Read(MetricTags.Local);
            return answer;
        }

        _metrics.Read(MetricTags.Merged);
        if (read.Outcome == ResumeOutcome.Gapless && read.Events.Count + tail.Count <= _bounds.MaxReplayEvents)
        {
            ProgressEvent[] events = [.. read.Events, .. tail];
            return new JobResumeResult(ResumeOutcome.Gapless, local.Position, events, state: null);
        }

        // Too many to replay: the client replaces its state with Redis's text extended by this process's newest chunks.
        var whole = read.Outcome == ResumeOutcome.Gapless ? (await TryReadSharedAsync(jobId, null, cancellationToken).ConfigureAwait(false)).Read : read;
        if (whole is null || whole.Position != read.Position)
        {
            return answer;
        }

        var merged = StreamExtension.Extend(whole.State, tail, _bounds);
        var outcome = read.Outcome == ResumeOutcome.NewEpoch ? ResumeOutcome.NewEpoch : ResumeOutcome.Truncated;
        return new JobResumeResult(outcome, merged.Position, [], merged);
    }

    // The local copy's events after what Redis holds, when it is ahead of Redis in the same epoch and holds them all.
    private async ValueTask<IReadOnlyList<ProgressEvent>?> LocalTailAsync(string jobId, JobStreamState local, RedisStreamRead shared, CancellationToken cancellationToken)
    {
        if (!string.Equals(local.Position.Epoch, shared.Position.Epoch, StringComparison.Ordinal)
            || !JobStreamCursor.TryCreate(shared.Position.Sequence, shared.Position.Epoch, out var cursor))
        {
            return null;
        }

        var tail = await _local.ReadAsync(jobId, cursor, cancellationToken).ConfigureAwait(false);
        return tail.Outcome == ResumeOutcome.Gapless && tail.Events.Count > 0 ? tail.Events : null;
    }

    // Redis's answer (null for a job Redis does not hold), or why Redis could not be read (logged, counted).
    private async ValueTask<(Exception? Failure, RedisStreamRead? Read)> TryReadSharedAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken)
    {
        try
        {
            var database = await _connection.GetDatabaseAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var read = await StreamCommands.ReadAsync(database, _keys, jobId, cursor, _bounds.MaxReplayEvents).WaitAsync(cancellationToken).ConfigureAwait(false);
            return (null, read);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ReadFellBack(_logger, jobId, exception);
            _metrics.Read(MetricTags.Fallback);
            return (exception, null);
        }
    }

    // Redis could not be read and this process's copy does not know the job: "unknown" would be a guess, so the caller
    // (a hub answering internal_error, "try again") learns that the store could not answer.
    private static InvalidOperationException Unreadable(string jobId, Exception failure) =>
        new($"Job '{jobId}' is not in this process's copy and the Redis job stream store could not be read: {failure.Message}", failure);

    private static bool IsAfter(JobStreamPosition position, JobStreamPosition? other)
    {
        if (other is not { } o)
        {
            return true;
        }

        var order = string.CompareOrdinal(position.Epoch, o.Epoch);
        return order > 0 || (order == 0 && position.Sequence > o.Sequence);
    }
}
