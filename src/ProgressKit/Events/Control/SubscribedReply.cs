using System.Text.Json.Serialization;

namespace ProgressKit.Events.Control;

/// <summary>
/// <c>{"type":"subscribed","job_id":...,"snapshot":...}</c>: the reply to a subscribe request, with the job's newest
/// event (or <see langword="null"/>) so that a late joiner sees at once where the job is.
/// </summary>
/// <param name="JobId">The job subscribed to.</param>
/// <param name="Snapshot">The job's newest event, or <see langword="null"/> when none is known yet.</param>
public sealed record SubscribedReply(
    [property: JsonPropertyOrder(1)] string JobId,
    [property: JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.Never)] ProgressEvent? Snapshot)
{
    /// <summary>Gets the reply type, always <see cref="ControlReplyTypes.Subscribed"/>.</summary>
    [JsonPropertyOrder(0)]
#pragma warning disable CA1822 // An instance property, so that the serializer writes it.
    public string Type => ControlReplyTypes.Subscribed;
#pragma warning restore CA1822
}
