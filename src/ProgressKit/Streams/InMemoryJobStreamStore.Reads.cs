using ProgressKit.Events;

namespace ProgressKit.Streams;

internal sealed partial class InMemoryJobStreamStore
{
    /// <inheritdoc />
    public ValueTask<JobStreamState?> GetStateAsync(string jobId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(GetLocalState(jobId));

    /// <inheritdoc />
    public JobStreamState? GetLocalState(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var now = _timeProvider.GetUtcNow();
        var evictions = default(Evictions);
        JobStreamState? state;
        lock (_gate)
        {
            state = TryGetLive(jobId, now, ref evictions) is { Snapshot: not null } job ? job.CopyState() : null;
        }

        evictions.Report(_metrics);
        return state;
    }

    /// <inheritdoc />
    public ValueTask<ProgressEvent?> GetSnapshotAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var now = _timeProvider.GetUtcNow();
        var evictions = default(Evictions);
        ProgressEvent? snapshot;
        lock (_gate)
        {
            snapshot = TryGetLive(jobId, now, ref evictions)?.Snapshot;
        }

        evictions.Report(_metrics);
        return ValueTask.FromResult(snapshot);
    }

    /// <inheritdoc />
    public ValueTask<JobResumeResult> ReadAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var now = _timeProvider.GetUtcNow();
        var evictions = default(Evictions);
        JobResumeResult result;
        lock (_gate)
        {
            result = TryGetLive(jobId, now, ref evictions) is { Snapshot: not null } job ? Read(job, cursor) : JobResumeResult.UnknownJob;
        }

        evictions.Report(_metrics);
        _metrics.Resumed(result.Outcome, result.Events.Count);
        return ValueTask.FromResult(result);
    }

    // Under _gate.
    private JobResumeResult Read(JobStream job, JobStreamCursor? cursor)
    {
        if (cursor is not { } c)
        {
            return Replace(job, ResumeOutcome.Truncated);
        }

        if (!string.Equals(c.Epoch ?? job.Epoch, job.Epoch, StringComparison.Ordinal))
        {
            return Replace(job, ResumeOutcome.NewEpoch);
        }

        var missing = job.Sequence - c.AfterSequence;
        if (missing < 0 || c.AfterSequence < job.FirstReplayable - 1 || missing > _options.MaxReplayEvents)
        {
            return Replace(job, ResumeOutcome.Truncated);
        }

        return new JobResumeResult(ResumeOutcome.Gapless, job.Position, job.Log.CopyLast((int)missing), state: null);
    }

    private static JobResumeResult Replace(JobStream job, ResumeOutcome outcome)
    {
        var state = job.CopyState();
        return new JobResumeResult(outcome, state.Position, [], state);
    }

    // Under _gate: the job unless it is unknown or its deadline has passed (then it is released now, not only by the timer).
    private JobStream? TryGetLive(string jobId, DateTimeOffset now, ref Evictions evictions)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return null;
        }

        if (job.Deadline > now)
        {
            return job;
        }

        Release(job, job.List == _finished ? StreamReasons.Finished : StreamReasons.Idle, ref evictions);
        return null;
    }
}
