using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Jobs;

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
        ProgressJob.Create(this, jobId, userId, tenantId, stages, correlationId, metadata, start: false);

    public IProgressJob StartJob(
        string jobId,
        string? userId = null,
        string? tenantId = null,
        IEnumerable<(string Name, double Weight)>? stages = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        ProgressJob.Create(this, jobId, userId, tenantId, stages, correlationId, metadata, start: true);

    public void PublishStage(string jobId, string stage, double? progress = null, string? message = null, double? estimatedSecondsRemaining = null)
    {
        ThrowIfNullOrEmpty(stage, nameof(stage));
        var tracker = Track(jobId);
        lock (tracker.Gate)
        {
            if (tracker.IsTerminal)
            {
                DropAfterTerminal();
                return;
            }

            tracker.EnterStage(stage);
            if (progress is { } p)
            {
                tracker.RaiseProgress(p);
            }

            tracker.EstimatedSecondsRemaining = estimatedSecondsRemaining ?? tracker.EstimatedSecondsRemaining;
            Emit(tracker.Next(ProgressEventType.StageStarted, JobStatus.Processing, Now(), Source, message));
        }
    }

    public void PublishProgress(string jobId, double progress, string? message = null, double? estimatedSecondsRemaining = null)
    {
        var tracker = Track(jobId);
        lock (tracker.Gate)
        {
            if (tracker.IsTerminal)
            {
                DropAfterTerminal();
                return;
            }

            tracker.RaiseProgress(progress);
            tracker.EstimatedSecondsRemaining = estimatedSecondsRemaining ?? tracker.EstimatedSecondsRemaining;
            Emit(tracker.Next(ProgressEventType.ProgressUpdate, JobStatus.Processing, Now(), Source, message));
        }
    }

    public void PublishAgentStatus(string jobId, string agent, AgentStatus status, string? tool = null, double? confidence = null, string? message = null)
    {
        ThrowIfNullOrEmpty(agent, nameof(agent));
        var info = new AgentInfo { Name = agent, Status = status, Tool = tool, Confidence = confidence };
        var tracker = Track(jobId);
        lock (tracker.Gate)
        {
            if (tracker.IsTerminal)
            {
                DropAfterTerminal();
                return;
            }

            Emit(tracker.Next(ProgressEventType.AgentStatus, JobStatus.Processing, Now(), Source, message, agent: info));
        }
    }

    public void PublishChunk(string jobId, string text, string stream = "output")
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfNullOrEmpty(stream, nameof(stream));
        var tracker = Track(jobId);
        lock (tracker.Gate)
        {
            if (tracker.IsTerminal)
            {
                DropAfterTerminal();
                return;
            }

            var chunk = new ChunkInfo { Stream = stream, Index = tracker.NextChunkIndex(stream), Text = text };
            Emit(tracker.Next(ProgressEventType.Chunk, JobStatus.Processing, Now(), Source, chunk: chunk));
        }
    }

    public void PublishCompleted(string jobId, JsonElement? results = null, string? message = null) =>
        PublishTerminal(Track(jobId), ProgressEventType.JobComplete, JobStatus.Completed, message, Detach(results), error: null);

    public void PublishFailed(string jobId, string errorCode, string errorMessage)
    {
        ThrowIfNullOrEmpty(errorCode, nameof(errorCode));
        ArgumentNullException.ThrowIfNull(errorMessage);
        PublishTerminal(Track(jobId), ProgressEventType.JobFailed, JobStatus.Failed, null, null, new ErrorInfo { Code = errorCode, Message = errorMessage });
    }

    public void PublishCancelled(string jobId, string? message = null) =>
        PublishTerminal(Track(jobId), ProgressEventType.JobCancelled, JobStatus.Cancelled, message, null, null);

    /// <summary>Publishes a terminal event; returns false when the job had already ended.</summary>
    internal bool PublishTerminal(JobTracker tracker, ProgressEventType type, JobStatus status, string? message, JsonElement? results, ErrorInfo? error)
    {
        lock (tracker.Gate)
        {
            if (tracker.IsTerminal)
            {
                DropAfterTerminal();
                return false;
            }

            Emit(tracker.Next(type, status, Now(), Source, message, results: results, error: error));
        }

        // A job published to by id may be cancelled through the registry too; the handle path unregisters itself.
        Registry.TryGetHandle(tracker.JobId)?.OnEndedElsewhere();
        return true;
    }
}
