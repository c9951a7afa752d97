using System.Text.Json.Serialization;
using ProgressKit.Streams;

namespace ProgressKit.Events.Control;

/// <summary>
/// <c>{"type":"resumed","job_id":...,"outcome":...,"epoch":...,"seq":...,"kept_seq":...,"snapshot":...,"streams":...,"replay":...}</c>:
/// the answer to a resume, the same on every transport (see <c>docs/wire-format.md</c>, "Resume by position").
/// </summary>
/// <param name="JobId">The job resumed.</param>
/// <param name="Outcome"><c>gapless</c>, <c>truncated</c> or <c>new_epoch</c>.</param>
/// <param name="Epoch">The epoch of the position the client has once it applied the reply; <see langword="null"/> when nothing is known of the job.</param>
/// <param name="Sequence">The <c>seq</c> of that position; 0 when nothing is known of the job.</param>
/// <param name="KeptSequence">The <c>kept_seq</c> of that position; 0 when nothing is known of the job.</param>
/// <param name="Snapshot">The job's newest event, when the client replaces its state (not <c>gapless</c>).</param>
/// <param name="Streams">Each chunk stream's whole text so far, when the client replaces its state (not <c>gapless</c>; empty for an unknown job).</param>
/// <param name="Replay">How many replayed events follow (<c>gapless</c> only).</param>
public sealed record ResumedReply(
    [property: JsonPropertyOrder(1)] string JobId,
    [property: JsonPropertyOrder(2)] string Outcome,
    [property: JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Epoch,
    [property: JsonPropertyOrder(4), JsonPropertyName("seq")] long Sequence,
    [property: JsonPropertyOrder(5), JsonPropertyName("kept_seq")] long KeptSequence,
    [property: JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.Never)] ProgressEvent? Snapshot,
    [property: JsonPropertyOrder(7), JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyDictionary<string, JobStreamText>? Streams,
    [property: JsonPropertyOrder(8)] int Replay)
{
    /// <summary>Gets the reply type, always <see cref="ControlReplyTypes.Resumed"/>.</summary>
    [JsonPropertyOrder(0)]
#pragma warning disable CA1822 // An instance property, so that the serializer writes it.
    public string Type => ControlReplyTypes.Resumed;
#pragma warning restore CA1822

    /// <summary>Builds the reply to a resume from what the store answered.</summary>
    /// <param name="jobId">The job resumed.</param>
    /// <param name="result">The store's answer.</param>
    /// <returns>The reply; for an unknown job <c>truncated</c> with <c>epoch</c> null, <c>seq</c> 0, <c>snapshot</c> null and <c>streams</c> empty.</returns>
    public static ResumedReply From(string jobId, JobResumeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var position = result.Position;
        var gapless = result.Outcome == ResumeOutcome.Gapless;
        return new ResumedReply(
            jobId,
            ResumeOutcomeNames.Of(result.Outcome),
            string.IsNullOrEmpty(position?.Epoch) ? null : position.Value.Epoch,
            position?.Sequence ?? 0,
            position?.KeptSequence ?? 0,
            result.State?.Snapshot,
            gapless ? null : result.State?.Streams ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, JobStreamText>.Empty,
            gapless ? result.Events.Count : 0);
    }
}
