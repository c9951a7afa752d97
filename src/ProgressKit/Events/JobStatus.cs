using System.Text.Json.Serialization;

namespace ProgressKit.Events;

/// <summary>The status of a job after an event; serialized as the snake_case names of wire format v1.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>Accepted, not yet running (<c>pending</c>).</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>Running (<c>processing</c>).</summary>
    [JsonStringEnumMemberName("processing")] Processing,

    /// <summary>Finished successfully (<c>completed</c>); terminal.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>Finished with an error (<c>failed</c>); terminal.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>Stopped at a client's or the caller's request (<c>cancelled</c>); terminal.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
