using ProgressKit.Events;

namespace ProgressKit.Jobs;

/// <summary>
/// The publisher's running state of one job: its numbering and its current status, progress and stage, which every
/// event carries whole. Callers hold <see cref="Gate"/> while they create and enqueue an event, which is what keeps a
/// job's events in sequence order on every lane.
/// </summary>
internal sealed class JobTracker(string jobId)
{
    private Dictionary<string, long>? _chunkIndexes;

    public Lock Gate { get; } = new();

    public string JobId { get; } = jobId;

    public string? UserId { get; set; }

    public string? TenantId { get; set; }

    public string? CorrelationId { get; set; }

    public IReadOnlyDictionary<string, string>? Metadata { get; set; }

    public long Sequence { get; private set; }

    public JobStatus Status { get; private set; } = JobStatus.Pending;

    public double Progress { get; private set; }

    public string? Stage { get; private set; }

    public double? StageProgress { get; private set; }

    public double? EstimatedSecondsRemaining { get; set; }

    public bool IsTerminal => Status.IsTerminal();

    /// <summary>Gets or sets a value indicating whether a job handle owns this tracker (it is then never evicted).</summary>
    public bool HasHandle { get; set; }

    /// <summary>Gets or sets when the tracker was last used, for least-recently-used eviction.</summary>
    public long LastUsed { get; set; }

    public void EnterStage(string stage)
    {
        Stage = stage;
        StageProgress = 0;
    }

    public void SetStageProgress(double percent) => StageProgress = Math.Round(Math.Clamp(percent, 0, 100), 2);

    /// <summary>Raises overall progress; it never goes down within a job.</summary>
    public void RaiseProgress(double percent)
    {
        if (double.IsFinite(percent))
        {
            Progress = Math.Max(Progress, Math.Round(Math.Clamp(percent, 0, 100), 2));
        }
    }

    public long NextChunkIndex(string stream)
    {
        _chunkIndexes ??= new Dictionary<string, long>(StringComparer.Ordinal);
        _chunkIndexes.TryGetValue(stream, out var index);
        _chunkIndexes[stream] = index + 1;
        return index;
    }

    /// <summary>Numbers and creates the next event from the tracker's state, after moving to <paramref name="status"/>.</summary>
    public ProgressEvent Next(ProgressEventType type, JobStatus status, DateTimeOffset timestamp, string? source, in EventDetails details)
    {
        Status = status;
        if (status == JobStatus.Completed)
        {
            Progress = 100;
        }

        return new ProgressEvent
        {
            Type = type,
            JobId = JobId,
            Sequence = ++Sequence,
            Timestamp = timestamp,
            Status = status,
            Progress = Progress,
            Stage = Stage,
            StageProgress = StageProgress,
            Message = details.Message,
            EstimatedSecondsRemaining = status.IsTerminal() ? null : EstimatedSecondsRemaining,
            Agent = details.Agent,
            Chunk = details.Chunk,
            Results = details.Results,
            Error = details.Error,
            UserId = UserId,
            TenantId = TenantId,
            CorrelationId = CorrelationId,
            Source = source,
            Metadata = Metadata,
        };
    }
}
