using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Jobs;
using ProgressKit.Streams;

namespace ProgressKit;

internal sealed partial class ProgressPublisher
{
    public IProgressJob AcceptJob(
        string jobId,
        string? userId = null,
        string? tenantId = null,
        IEnumerable<(string Name, double Weight)>? stages = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        OpenHandle(jobId, userId, tenantId, stages, correlationId, metadata, start: false, continueFrom: null, restart: false);

    public IProgressJob StartJob(
        string jobId,
        string? userId = null,
        string? tenantId = null,
        IEnumerable<(string Name, double Weight)>? stages = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        JobStreamPosition? continueFrom = null) =>
        OpenHandle(jobId, userId, tenantId, stages, correlationId, metadata, start: true, continueFrom, restart: false);

    public IProgressJob RestartJob(
        string jobId,
        string? userId = null,
        string? tenantId = null,
        IEnumerable<(string Name, double Weight)>? stages = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        JobId.ThrowIfInvalid(jobId);
        _ = StagePlan.Create(stages);

        // The previous run's handle publishes nothing more (its events would belong to the old epoch) and, disposed,
        // does not fail the new run as abandoned.
        Registry.TryGetOpen(jobId)?.Supersede();
        _jobs.ForgetEnd(jobId);
        return OpenHandle(jobId, userId, tenantId, stages, correlationId, metadata, start: true, continueFrom: null, restart: true);
    }

    public void PublishStage(string jobId, string stage, double? progress = null, string? message = null, double? estimatedSecondsRemaining = null)
    {
        ThrowIfNullOrEmpty(stage, nameof(stage));
        Publish(Track(jobId), ProgressEventType.StageStarted, JobStatus.Processing, (stage, progress, message, estimatedSecondsRemaining), static (job, s) =>
        {
            job.EnterStage(s.stage);
            if (s.progress is { } percent)
            {
                job.RaiseProgress(percent);
            }

            job.EstimatedSecondsRemaining = s.estimatedSecondsRemaining ?? job.EstimatedSecondsRemaining;
            return new EventDetails(s.message);
        });
    }

    public void PublishProgress(string jobId, double progress, string? message = null, double? estimatedSecondsRemaining = null) =>
        Publish(Track(jobId), ProgressEventType.ProgressUpdate, JobStatus.Processing, (progress, message, estimatedSecondsRemaining), static (job, s) =>
        {
            job.RaiseProgress(s.progress);
            job.EstimatedSecondsRemaining = s.estimatedSecondsRemaining ?? job.EstimatedSecondsRemaining;
            return new EventDetails(s.message);
        });

    public void PublishAgentStatus(string jobId, string agent, AgentStatus status, string? tool = null, double? confidence = null, string? message = null)
    {
        ThrowIfNullOrEmpty(agent, nameof(agent));
        var info = new AgentInfo { Name = agent, Status = status, Tool = tool, Confidence = confidence };
        Publish(Track(jobId), ProgressEventType.AgentStatus, JobStatus.Processing, (info, message), static (_, s) => new EventDetails(s.message, Agent: s.info));
    }

    public void PublishChunk(string jobId, string text, string stream = "output")
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfNullOrEmpty(stream, nameof(stream));
        Publish(Track(jobId), ProgressEventType.Chunk, JobStatus.Processing, (text, stream), ChunkChange);
    }

    public void PublishCompleted(string jobId, JsonElement? results = null, string? message = null) =>
        PublishTerminal(Track(jobId), ProgressEventType.JobComplete, JobStatus.Completed, new EventDetails(message, Results: Detach(results)));

    public void PublishFailed(string jobId, string errorCode, string errorMessage)
    {
        ThrowIfNullOrEmpty(errorCode, nameof(errorCode));
        ArgumentNullException.ThrowIfNull(errorMessage);
        PublishTerminal(Track(jobId), ProgressEventType.JobFailed, JobStatus.Failed, new EventDetails(Error: new ErrorInfo { Code = errorCode, Message = errorMessage }));
    }

    public void PublishCancelled(string jobId, string? message = null) =>
        PublishTerminal(Track(jobId), ProgressEventType.JobCancelled, JobStatus.Cancelled, new EventDetails(message));

    /// <summary>Appends a chunk to its stream (the job handle adds its ETA to the same <see cref="JobTracker.NextChunk"/>).</summary>
    private static readonly JobChange<(string Text, string Stream)> ChunkChange = static (job, s) =>
        new EventDetails(Chunk: job.NextChunk(s.Stream, s.Text));

    /// <inheritdoc />
    public bool Publish<TState>(JobTracker job, ProgressEventType type, JobStatus status, TState state, JobChange<TState> change)
    {
        lock (job.Gate)
        {
            if (job.IsAwaitingStore)
            {
                HoldForStore(job, type, status, state, change);
                return true;
            }

            if (job.IsTerminal)
            {
                DropAfterTerminal();
                return false;
            }

            if (change(job, state) is not { } details)
            {
                return false;
            }

            // The event is recorded before any transport can send it, so a client that subscribes or resumes and then
            // reads the store never misses the event in between.
            // One clock read per event: the timestamp, the job's last use and the store's deadlines all take it.
            var now = TimeProvider.GetUtcNow();
            job.LastUsed = now.UtcTicks;
            var progressEvent = job.Next(type, status, now, _source, details);
            AppendToStream(job, progressEvent, now);
            if (_recordsSnapshotsApart)
            {
                RecordSnapshot(progressEvent);
            }

            _dispatcher.Enqueue(progressEvent);
            _metrics.Published();
        }

        if (status.IsTerminal())
        {
            // Nothing follows a terminal event: the tracker goes at once, and a small record refuses later events.
            _jobs.OnEnded(job, status);

            // A job published to by id may still have an open handle (it can be cancelled through the registry too).
            Registry.TryGetOpen(job.JobId)?.OnEndedElsewhere();
        }

        return true;
    }

    // Numbered when the store has told the job's chunk indexes (a job continued from a hand-off cursor): the call
    // returns at once, and the job's events keep their order. A method of its own because a lambda over Publish's
    // parameters would make the compiler allocate its closure on entry to Publish, on every call, held or not.
    private void HoldForStore<TState>(JobTracker job, ProgressEventType type, JobStatus status, TState state, JobChange<TState> change) =>
        job.Hold(() => Publish(job, type, status, state, change));

    private bool PublishTerminal(JobTracker job, ProgressEventType type, JobStatus status, EventDetails details) =>
        Publish(job, type, status, details, static (_, d) => d);
}
