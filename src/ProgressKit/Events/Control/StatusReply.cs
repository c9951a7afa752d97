using System.Text.Json.Serialization;

namespace ProgressKit.Events.Control;

/// <summary><c>{"type":"status","job_id":...,"snapshot":...}</c>: the reply to a status request.</summary>
public sealed class StatusReply
{
    /// <summary>Initializes a new reply.</summary>
    /// <param name="jobId">The job asked about.</param>
    /// <param name="snapshot">The job's newest event, or <see langword="null"/> when none is known.</param>
    public StatusReply(string jobId, ProgressEvent? snapshot)
    {
        JobId = jobId;
        Snapshot = snapshot;
    }

    /// <summary>Gets the job asked about.</summary>
    [JsonPropertyOrder(1)]
    public string JobId { get; }

    /// <summary>Gets the job's newest event, or <see langword="null"/> when none is known.</summary>
    [JsonPropertyOrder(2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ProgressEvent? Snapshot { get; }

    /// <summary>Gets the reply type, always <see cref="ControlReplyTypes.Status"/>.</summary>
    [JsonPropertyOrder(0)]
#pragma warning disable CA1822 // An instance property, so that the serializer writes it.
    public string Type => ControlReplyTypes.Status;
#pragma warning restore CA1822
}
