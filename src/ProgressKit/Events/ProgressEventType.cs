using System.Text.Json.Serialization;

namespace ProgressKit.Events;

/// <summary>The kind of a <see cref="ProgressEvent"/>; serialized as the snake_case names of wire format v1.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProgressEventType>))]
public enum ProgressEventType
{
    /// <summary>The job was accepted and waits to run (<c>job_accepted</c>).</summary>
    [JsonStringEnumMemberName("job_accepted")] JobAccepted,

    /// <summary>The job started running (<c>job_started</c>).</summary>
    [JsonStringEnumMemberName("job_started")] JobStarted,

    /// <summary>A stage started (<c>stage_started</c>).</summary>
    [JsonStringEnumMemberName("stage_started")] StageStarted,

    /// <summary>Progress moved within the current stage (<c>progress_update</c>); the only event type that may be coalesced.</summary>
    [JsonStringEnumMemberName("progress_update")] ProgressUpdate,

    /// <summary>A stage finished (<c>stage_complete</c>).</summary>
    [JsonStringEnumMemberName("stage_complete")] StageComplete,

    /// <summary>An agent changed status (<c>agent_status</c>).</summary>
    [JsonStringEnumMemberName("agent_status")] AgentStatus,

    /// <summary>A piece of streamed output (<c>chunk</c>).</summary>
    [JsonStringEnumMemberName("chunk")] Chunk,

    /// <summary>The job completed (<c>job_complete</c>); terminal.</summary>
    [JsonStringEnumMemberName("job_complete")] JobComplete,

    /// <summary>The job failed (<c>job_failed</c>); terminal.</summary>
    [JsonStringEnumMemberName("job_failed")] JobFailed,

    /// <summary>The job was cancelled (<c>job_cancelled</c>); terminal.</summary>
    [JsonStringEnumMemberName("job_cancelled")] JobCancelled,
}
