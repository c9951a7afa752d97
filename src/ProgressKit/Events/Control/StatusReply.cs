using System.Text.Json.Serialization;

namespace ProgressKit.Events.Control;

/// <summary><c>{"type":"status","job_id":...,"snapshot":...}</c>: the reply to a status request.</summary>
/// <param name="JobId">The job asked about.</param>
/// <param name="Snapshot">The job's newest event, or <see langword="null"/> when none is known.</param>
public sealed record StatusReply(
    [property: JsonPropertyOrder(1)] string JobId,
    [property: JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.Never)] ProgressEvent? Snapshot)
{
    /// <summary>Gets the reply type, always <see cref="ControlReplyTypes.Status"/>.</summary>
    [JsonPropertyOrder(0)]
#pragma warning disable CA1822 // An instance property, so that the serializer writes it.
    public string Type => ControlReplyTypes.Status;
#pragma warning restore CA1822
}
