using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Jobs;

/// <summary>The <see cref="IProgressJob"/> handle: stages, ETA, cancellation, and the abandoned-job guarantee.</summary>
/// <remarks>
/// Every method publishes through <see cref="IJobHost.Publish{TState}"/>, the publisher's one publish operation; the
/// handle's own state (<see cref="_estimator"/>, the stage plan) is read and written only inside that operation's
/// change, that is under the job's lock.
/// </remarks>
internal sealed partial class ProgressJob : IProgressJob
{
    private readonly IJobHost _host;
    private readonly JobTracker _tracker;
    private readonly StagePlan? _plan;
    private readonly RemainingTimeEstimator _estimator;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationTokenSource _stopPolling = new();
    private int _finished;

    // 1 once HandOff ran: written once, read by every publish of the handle.
    private int _handedOff;

    internal ProgressJob(IJobHost host, JobTracker tracker, StagePlan? plan)
    {
        _host = host;
        _tracker = tracker;
        _plan = plan;
        _estimator = new RemainingTimeEstimator(host.Services.TimeProvider);
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

    public JobStreamPosition? Position
    {
        get
        {
            lock (_tracker.Gate)
            {
                return _tracker.Position;
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

    /// <summary>Publishes the handle's first event (<c>job_started</c> or <c>job_accepted</c>) and starts cancellation polling.</summary>
    internal void Begin(bool start)
    {
        if (start)
        {
            Publish(ProgressEventType.JobStarted, JobStatus.Processing, this, static (_, job) =>
            {
                job._estimator.Start();
                return job.Details(null);
            });
        }
        else
        {
            Publish(ProgressEventType.JobAccepted, JobStatus.Pending, this, static (_, job) => job.Details(null));
        }

        StartCancellationPolling();
    }

    public void Start(string? message = null) =>
        Publish(ProgressEventType.JobStarted, JobStatus.Processing, (Job: this, message), static (tracker, s) =>
        {
            if (tracker.Status != JobStatus.Pending)
            {
                return null;
            }

            s.Job._estimator.Start();
            return s.Job.Details(s.message);
        });

    public void StartStage(string stage, string? message = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        Publish(ProgressEventType.StageStarted, JobStatus.Processing, (Job: this, stage, message), static (tracker, s) =>
        {
            s.Job._estimator.Start();
            tracker.EnterStage(s.stage);
            if (s.Job._plan?.OverallPercent(s.stage, 0) is { } overall)
            {
                tracker.RaiseProgress(overall);
            }

            return s.Job.Details(s.message);
        });
    }

    public void ReportStageProgress(double fraction, string? message = null, double? estimatedSecondsRemaining = null)
    {
        ThrowIfNotFinite(fraction, nameof(fraction));
        Publish(ProgressEventType.ProgressUpdate, JobStatus.Processing, (Job: this, fraction, message, estimatedSecondsRemaining), static (tracker, s) =>
        {
            tracker.SetStageProgress(s.fraction * 100);
            if (tracker.Stage is { } stage && s.Job._plan?.OverallPercent(stage, s.fraction) is { } overall)
            {
                tracker.RaiseProgress(overall);
            }

            return s.Job.Details(s.message, s.estimatedSecondsRemaining);
        });
    }

    public void CompleteStage(string? message = null) =>
        Publish(ProgressEventType.StageComplete, JobStatus.Processing, (Job: this, message), static (tracker, s) =>
        {
            if (tracker.Stage is not { } stage)
            {
                return null;
            }

            tracker.SetStageProgress(100);
            if (s.Job._plan?.OverallPercent(stage, 1) is { } overall)
            {
                tracker.RaiseProgress(overall);
            }

            return s.Job.Details(s.message);
        });

    public void ReportProgress(double percent, string? message = null, double? estimatedSecondsRemaining = null)
    {
        ThrowIfNotFinite(percent, nameof(percent));
        Publish(ProgressEventType.ProgressUpdate, JobStatus.Processing, (Job: this, percent, message, estimatedSecondsRemaining), static (tracker, s) =>
        {
            tracker.RaiseProgress(s.percent);
            return s.Job.Details(s.message, s.estimatedSecondsRemaining);
        });
    }

    public void ReportAgentStatus(string agent, AgentStatus status, string? tool = null, double? confidence = null, string? message = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        var info = new AgentInfo { Name = agent, Status = status, Tool = tool, Confidence = confidence };
        Publish(ProgressEventType.AgentStatus, JobStatus.Processing, (Job: this, info, message), static (_, s) =>
            s.Job.Details(s.message) with { Agent = s.info });
    }

    public void Chunk(string text, string stream = "output")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(stream);
        Publish(ProgressEventType.Chunk, JobStatus.Processing, (Job: this, text, stream), static (tracker, s) =>
            s.Job.Details(null) with { Chunk = tracker.NextChunk(s.stream, s.text) });
    }

    public void Complete(JsonElement? results = null, string? message = null) =>
        End(ProgressEventType.JobComplete, JobStatus.Completed, new EventDetails(message, Results: results?.Clone()));

    public void Fail(string errorCode, string errorMessage)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        ArgumentNullException.ThrowIfNull(errorMessage);
        End(ProgressEventType.JobFailed, JobStatus.Failed, new EventDetails(Error: new ErrorInfo { Code = errorCode, Message = errorMessage }));
    }

    public void Cancel(string? message = null)
    {
        if (End(ProgressEventType.JobCancelled, JobStatus.Cancelled, new EventDetails(message ?? "Cancelled.")))
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

    // A handle handed off to another process publishes nothing more: the job's events now come from there.
    private bool Publish<TState>(ProgressEventType type, JobStatus status, TState state, JobChange<TState> change) =>
        Volatile.Read(ref _handedOff) == 0 && _host.Publish(_tracker, type, status, state, change);

    // Runs inside the publish operation, under the job's lock: the ETA given, or the handle's estimate when enabled.
    private EventDetails Details(string? message, double? estimatedSecondsRemaining = null)
    {
        if (estimatedSecondsRemaining is not null || _host.Services.EstimateRemainingTime)
        {
            _tracker.EstimatedSecondsRemaining = estimatedSecondsRemaining ?? _estimator.Estimate(_tracker.Progress) ?? _tracker.EstimatedSecondsRemaining;
        }

        return new EventDetails(message);
    }

    private bool End(ProgressEventType type, JobStatus status, EventDetails details)
    {
        if (!Publish(type, status, details, static (_, d) => d))
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
        _host.Release(this, _tracker);
    }
}
