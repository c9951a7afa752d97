using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Jobs;

/// <summary>The <see cref="IProgressJob"/> handle: stages, ETA, and the abandoned-job guarantee.</summary>
/// <remarks>
/// Every method publishes through its <see cref="JobLifetime"/>, and so through <see cref="IJobHost.Publish{TState}"/>,
/// the publisher's one publish operation; the handle's own state (<see cref="_estimator"/>, the stage plan) is read
/// and written only inside that operation's change, that is under the job's lock. Nothing of the publisher references
/// the handle: a caller that drops it without <see cref="Dispose"/> lets <see cref="_dropWatch"/> end the job.
/// </remarks>
internal sealed class ProgressJob : IProgressJob
{
    private readonly IJobHost _host;
    private readonly JobLifetime _lifetime;
    private readonly JobTracker _tracker;
    private readonly StagePlan? _plan;
    private readonly RemainingTimeEstimator _estimator;
    private readonly JobHandleDropWatch _dropWatch;

    internal ProgressJob(IJobHost host, JobTracker tracker, StagePlan? plan)
    {
        _host = host;
        _tracker = tracker;
        _plan = plan;
        _estimator = new RemainingTimeEstimator(host.Services.TimeProvider);
        _lifetime = new JobLifetime(host, tracker);
        _dropWatch = new JobHandleDropWatch(_lifetime);
    }

    /// <summary>Gets what the publisher's registry holds of the job instead of this handle.</summary>
    internal JobLifetime Lifetime => _lifetime;

    public string JobId => _tracker.JobId;

    public CancellationToken CancellationToken => _lifetime.CancellationToken;

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

        _lifetime.StartCancellationPolling();
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
        _lifetime.Cancel(message);
        EndedThroughHandle();
    }

    public JobStreamPosition? HandOff()
    {
        var position = _lifetime.HandOff();
        EndedThroughHandle();
        return position;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _lifetime.AbandonIfOpen();
        EndedThroughHandle();
    }

    private static void ThrowIfNotFinite(double value, string parameterName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "Progress must be a finite number.");
        }
    }

    private bool Publish<TState>(ProgressEventType type, JobStatus status, TState state, JobChange<TState> change) =>
        _lifetime.Publish(type, status, state, change);

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
        var ended = _lifetime.End(type, status, details);
        EndedThroughHandle();
        return ended;
    }

    // The job can end only once: once it has, by any path, the drop watch has nothing left to do.
    private void EndedThroughHandle()
    {
        if (_lifetime.IsFinished)
        {
            _dropWatch.Dispose();
        }
    }
}
