namespace ProgressKit.Events;

/// <summary>Helpers for <see cref="ProgressEventType"/> and <see cref="JobStatus"/>.</summary>
public static class ProgressEventTypeExtensions
{
    /// <summary>Returns whether an event of this type ends its job.</summary>
    /// <param name="type">The event type.</param>
    /// <returns><see langword="true"/> for <c>job_complete</c>, <c>job_failed</c> and <c>job_cancelled</c>.</returns>
    public static bool IsTerminal(this ProgressEventType type) =>
        type is ProgressEventType.JobComplete or ProgressEventType.JobFailed or ProgressEventType.JobCancelled;

    /// <summary>Returns whether a job in this status has ended.</summary>
    /// <param name="status">The job status.</param>
    /// <returns><see langword="true"/> for completed, failed and cancelled.</returns>
    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>Returns the wire name of an event type, for example <c>job_complete</c>.</summary>
    /// <param name="type">The event type.</param>
    /// <returns>The snake_case name written on the wire.</returns>
    public static string ToWireName(this ProgressEventType type) => type switch
    {
        ProgressEventType.JobAccepted => "job_accepted",
        ProgressEventType.JobStarted => "job_started",
        ProgressEventType.StageStarted => "stage_started",
        ProgressEventType.ProgressUpdate => "progress_update",
        ProgressEventType.StageComplete => "stage_complete",
        ProgressEventType.AgentStatus => "agent_status",
        ProgressEventType.Chunk => "chunk",
        ProgressEventType.JobComplete => "job_complete",
        ProgressEventType.JobFailed => "job_failed",
        ProgressEventType.JobCancelled => "job_cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown progress event type."),
    };
}
