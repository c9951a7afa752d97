namespace ProgressKit.Streams;

internal sealed partial class InMemoryJobStreamStore
{
    /// <inheritdoc />
    public ValueTask<JobStreamState?> GetStateAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            return ValueTask.FromResult(TryGetLive(jobId, now) is { Snapshot: not null } job ? job.CopyState() : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<JobResumeResult> ReadAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var now = _timeProvider.GetUtcNow();
        JobResumeResult result;
        lock (_gate)
        {
            result = TryGetLive(jobId, now) is { Snapshot: not null } job ? Read(job, cursor) : JobResumeResult.UnknownJob;
        }

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
    private JobStream? TryGetLive(string jobId, DateTimeOffset now)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return null;
        }

        if (job.Deadline > now)
        {
            return job;
        }

        var evictions = default(Evictions);
        Release(job, job.List == _finished ? StreamReasons.Finished : StreamReasons.Idle, ref evictions);
        return null;
    }
}
