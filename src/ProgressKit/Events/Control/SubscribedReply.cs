using System.Text.Json.Serialization;

namespace ProgressKit.Events.Control;

/// <summary>
/// <c>{"type":"subscribed","job_id":...,"snapshot":...}</c>: the reply to a subscribe request, with the job's newest
/// event (or <see langword="null"/>) so that a late joiner sees at once where the job is.
/// </summary>
public sealed class SubscribedReply
{
    /// <summary>Initializes a new reply.</summary>
    /// <param name="jobId">The job subscribed to.</param>
    /// <param name="snapshot">The job's newest event, or <see langword="null"/> when none is known yet.</param>
    public SubscribedReply(string jobId, ProgressEvent? snapshot)
    {
        JobId = jobId;
        Snapshot = snapshot;
    }

    /// <summary>Gets the job subscribed to.</summary>
    [JsonPropertyOrder(1)]
    public string JobId { get; }

    /// <summary>Gets the job's newest event, or <see langword="null"/> when none is known yet.</summary>
    [JsonPropertyOrder(2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ProgressEvent? Snapshot { get; }

    /// <summary>Gets the reply type, always <see cref="ControlReplyTypes.Subscribed"/>.</summary>
    [JsonPropertyOrder(0)]
#pragma warning disable CA1822 // An instance property, so that the serializer writes it.
    public string Type => ControlReplyTypes.Subscribed;
#pragma warning restore CA1822
}
