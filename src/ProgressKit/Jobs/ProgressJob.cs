using System.Text.Json;
using ProgressKit.Events;

namespace ProgressKit.Jobs;

/// <summary>The <see cref="IProgressJob"/> handle: stages, ETA, cancellation, and the abandoned-job guarantee.</summary>
internal sealed partial class ProgressJob : IProgressJob
{
    private readonly ProgressPublisher _publisher;
    private readonly JobTracker _tracker;
    private readonly StagePlan? _plan;
    private readonly RemainingTimeEstimator _estimator;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationTokenSource _stopPolling = new();
    private int _finished;

    private ProgressJob(ProgressPublisher publisher, JobTracker tracker, StagePlan? plan)
    {
        _publisher = publisher;
        _tracker = tracker;
        _plan = plan;
        _estimator = new RemainingTimeEstimator(publisher.TimeProvider);
    }

    public string JobId => _tracker.JobId;

    public CancellationToken CancellationToken => _cancellation.Token;

    public JobStatus Status
    {
        get
        {
            lock (_tracker.Gate)
            {
                return _tracker.Status;
            }
        }
    }

    public double Progress
    {
        get
        {
            lock (_tracker.Gate)
            {
                return _tracker.Progress;
            }
        }
    }

    /// <summary>Gets a value indicating whether the job has ended or its handle was disposed.</summary>
    internal bool IsFinished => Volatile.Read(ref _finished) == 1;

    internal static ProgressJob Create(
        ProgressPublisher publisher,
        string jobId,
        string? userId,
        string? tenantId,
        IEnumerable<(string Name, double Weight)>? stages,
        string? correlationId,
        IReadOnlyDictionary<string, string>? metadata,
        bool start)
    {
        Events.JobId.ThrowIfInvalid(jobId);
        var plan = StagePlan.Create(stages);
        var tracker = publisher.TrackForHandle(jobId, userId, tenantId, correlationId, metadata);
        var job = new ProgressJob(publisher, tracker, plan);
        publisher.Registry.Add(job);
        lock (tracker.Gate)
        {
            if (start)
            {
                job._estimator.Start();
                job.EmitLocked(ProgressEventType.JobStarted, JobStatus.Processing);
            }
            else
            {
                job.EmitLocked(ProgressEventType.JobAccepted, JobStatus.Pending);
            }
        }

        job.StartCancellationPolling();
        return job;
    }

    public void Start(string? message = null)
    {
        lock (_tracker.Gate)
        {
            if (!CanPublish() || _tracker.Status != JobStatus.Pending)
            {
                return;
            }

            _estimator.Start();
            EmitLocked(ProgressEventType.JobStarted, JobStatus.Processing, message);
        }
    }

    public void StartStage(string stage, string? message = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        lock (_tracker.Gate)
        {
            if (!CanPublish())
            {
                return;
            }

            _estimator.Start();
            _tracker.EnterStage(stage);
            if (_plan?.OverallPercent(stage, 0) is { } overall)
            {
                _tracker.RaiseProgress(overall);
            }

            EmitLocked(ProgressEventType.StageStarted, JobStatus.Processing, message);
        }
    }

    public void ReportStageProgress(double fraction, string? message = null, double? estimatedSecondsRemaining = null)
    {
        ThrowIfNotFinite(fraction, nameof(fraction));
        lock (_tracker.Gate)
        {
            if (!CanPublish())
            {
                return;
            }

            _tracker.SetStageProgress(fraction * 100);
            if (_tracker.Stage is { } stage && _plan?.OverallPercent(stage, fraction) is { } overall)
            {
                _tracker.RaiseProgress(overall);
            }

            EmitLocked(ProgressEventType.ProgressUpdate, JobStatus.Processing, message, estimatedSecondsRemaining);
        }
    }

    public void CompleteStage(string? message = null)
    {
        lock (_tracker.Gate)
        {
            if (!CanPublish() || _tracker.Stage is not { } stage)
            {
                return;
            }

            _tracker.SetStageProgress(100);
            if (_plan?.OverallPercent(stage, 1) is { } overall)
            {
                _tracker.RaiseProgress(overall);
            }

            EmitLocked(ProgressEventType.StageComplete, JobStatus.Processing, message);
        }
    }

    public void ReportProgress(double percent, string? message = null, double? estimatedSecondsRemaining = null)
    {
        ThrowIfNotFinite(percent, nameof(percent));
        lock (_tracker.Gate)
        {
            if (!CanPublish())
            {
                return;
            }

            _tracker.RaiseProgress(percent);
            EmitLocked(ProgressEventType.ProgressUpdate, JobStatus.Processing, message, estimatedSecondsRemaining);
        }
    }

    public void ReportAgentStatus(string agent, AgentStatus status, string? tool = null, double? confidence = null, string? message = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        var info = new AgentInfo { Name = agent, Status = status, Tool = tool, Confidence = confidence };
        lock (_tracker.Gate)
        {
            if (CanPublish())
            {
                EmitLocked(ProgressEventType.AgentStatus, JobStatus.Processing, message, agent: info);
            }
        }
    }

    public void Chunk(string text, string stream = "output")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(stream);
        lock (_tracker.Gate)
        {
            if (CanPublish())
            {
                var chunk = new ChunkInfo { Stream = stream, Index = _tracker.NextChunkIndex(stream), Text = text };
                EmitLocked(ProgressEventType.Chunk, JobStatus.Processing, chunk: chunk);
            }
        }
    }

    public void Complete(JsonElement? results = null, string? message = null) =>
        End(ProgressEventType.JobComplete, JobStatus.Completed, message, ProgressPublisher.Detach(results), null);

    public void Fail(string errorCode, string errorMessage)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        ArgumentNullException.ThrowIfNull(errorMessage);
        End(ProgressEventType.JobFailed, JobStatus.Failed, null, null, new ErrorInfo { Code = errorCode, Message = errorMessage });
    }

    public void Cancel(string? message = null)
    {
        if (End(ProgressEventType.JobCancelled, JobStatus.Cancelled, message ?? "Cancelled.", null, null))
        {
            CancelToken();
        }
    }

    private static void ThrowIfNotFinite(double value, string parameterName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "Progress must be a finite number.");
        }
    }

    private bool CanPublish()
    {
        if (_tracker.IsTerminal)
        {
            _publisher.DropAfterTerminal();
            return false;
        }

        return true;
    }

    private void EmitLocked(
        ProgressEventType type,
        JobStatus status,
        string? message = null,
        double? estimatedSecondsRemaining = null,
        AgentInfo? agent = null,
        ChunkInfo? chunk = null)
    {
        if (estimatedSecondsRemaining is not null || _publisher.Options.EstimateRemainingTime)
        {
            _tracker.EstimatedSecondsRemaining = estimatedSecondsRemaining ?? _estimator.Estimate(_tracker.Progress) ?? _tracker.EstimatedSecondsRemaining;
        }

        _publisher.Emit(_tracker.Next(type, status, _publisher.Now(), _publisher.Source, message, agent, chunk));
    }

    private bool End(ProgressEventType type, JobStatus status, string? message, JsonElement? results, ErrorInfo? error)
    {
        if (!_publisher.PublishTerminal(_tracker, type, status, message, results, error))
        {
            return false;
        }

        Finish();
        return true;
    }

    /// <summary>Called when the job ended through <see cref="IProgressPublisher"/> by id rather than through this handle.</summary>
    internal void OnEndedElsewhere() => Finish();

    private void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1)
        {
            return;
        }

        _stopPolling.Cancel();
        _publisher.Registry.Remove(this);
        lock (_tracker.Gate)
        {
            _tracker.HasHandle = false;
        }
    }
}
