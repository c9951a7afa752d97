using System.Text.Json.Serialization;
using ProgressKit.Streams;

namespace ProgressKit.Events.Control;

/// <summary>
/// <c>{"type":"resumed","job_id":...,"outcome":...,"epoch":...,"seq":...,"kept_seq":...,"snapshot":...,"streams":...,"replay":...}</c>:
/// the answer to a resume, the same on every transport (see <c>docs/wire-format.md</c>, "Resume by position").
/// </summary>
public sealed class ResumedReply
{
    /// <summary>Initializes a new reply.</summary>
    /// <param name="jobId">The job resumed.</param>
    /// <param name="outcome"><c>gapless</c>, <c>truncated</c> or <c>new_epoch</c>.</param>
    /// <param name="epoch">The epoch of the position the client has once it applied the reply; <see langword="null"/> when nothing is known of the job.</param>
    /// <param name="sequence">The <c>seq</c> of that position; 0 when nothing is known of the job.</param>
    /// <param name="keptSequence">The <c>kept_seq</c> of that position; 0 when nothing is known of the job.</param>
    /// <param name="snapshot">The job's newest event, when the client replaces its state (not <c>gapless</c>).</param>
    /// <param name="streams">Each chunk stream's whole text so far, when the client replaces its state (not <c>gapless</c>; empty for an unknown job).</param>
    /// <param name="replay">How many replayed events follow (<c>gapless</c> only).</param>
    public ResumedReply(
        string jobId,
        string outcome,
        string? epoch,
        long sequence,
        long keptSequence,
        ProgressEvent? snapshot,
        IReadOnlyDictionary<string, JobStreamText>? streams,
        int replay)
    {
        JobId = jobId;
        Outcome = outcome;
        Epoch = epoch;
        Sequence = sequence;
        KeptSequence = keptSequence;
        Snapshot = snapshot;
        Streams = streams;
        Replay = replay;
    }

    /// <summary>Gets the job resumed.</summary>
    [JsonPropertyOrder(1)]
    public string JobId { get; }

    /// <summary>Gets the outcome: <c>gapless</c>, <c>truncated</c> or <c>new_epoch</c>.</summary>
    [JsonPropertyOrder(2)]
    public string Outcome { get; }

    /// <summary>Gets the epoch of the position the client has once it applied the reply; <see langword="null"/> when nothing is known of the job.</summary>
    [JsonPropertyOrder(3)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Epoch { get; }

    /// <summary>Gets the <c>seq</c> of that position; 0 when nothing is known of the job.</summary>
    [JsonPropertyOrder(4)]
    [JsonPropertyName("seq")]
    public long Sequence { get; }

    /// <summary>Gets the <c>kept_seq</c> of that position; 0 when nothing is known of the job.</summary>
    [JsonPropertyOrder(5)]
    [JsonPropertyName("kept_seq")]
    public long KeptSequence { get; }

    /// <summary>Gets the job's newest event, when the client replaces its state (not <c>gapless</c>).</summary>
    [JsonPropertyOrder(6)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ProgressEvent? Snapshot { get; }

    /// <summary>Gets each chunk stream's whole text so far, when the client replaces its state (not <c>gapless</c>; empty for an unknown job).</summary>
    [JsonPropertyOrder(7)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyDictionary<string, JobStreamText>? Streams { get; }

    /// <summary>Gets how many replayed events follow (<c>gapless</c> only).</summary>
    [JsonPropertyOrder(8)]
    public int Replay { get; }

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
