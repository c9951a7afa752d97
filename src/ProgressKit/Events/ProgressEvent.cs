using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using ProgressKit.Serialization;

namespace ProgressKit.Events;

/// <summary>
/// One progress event of wire format v1 (see <c>docs/wire-format.md</c>): a state change of a job together with the
/// job's whole current state, so that the newest event alone tells a late client where the job is.
/// </summary>
/// <remarks>
/// Instances are immutable and safe to share between threads and transports. The publisher creates them; transports
/// serialize them with <see cref="ProgressEventSerializer"/>. A class rather than a record on purpose: equality is by
/// reference and there is no <c>with</c> cloning, so that adding a field later is not a breaking change; compare events
/// by their position (<see cref="JobId"/>, <see cref="Epoch"/>, <see cref="Sequence"/>) or their JSON.
/// </remarks>
public sealed class ProgressEvent
{
    /// <summary>The wire format version this library writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Initializes a new event; set its required members with an object initializer.</summary>
    public ProgressEvent()
    {
    }

    /// <summary>Copies every field of <paramref name="source"/>, so that an initializer can change a few of them.</summary>
    /// <param name="source">The event to copy.</param>
    [SetsRequiredMembers]
    internal ProgressEvent(ProgressEvent source)
    {
        Version = source.Version;
        Type = source.Type;
        JobId = source.JobId;
        Epoch = source.Epoch;
        Sequence = source.Sequence;
        KeptSequence = source.KeptSequence;
        Timestamp = source.Timestamp;
        Status = source.Status;
        Progress = source.Progress;
        Stage = source.Stage;
        StageProgress = source.StageProgress;
        Message = source.Message;
        EstimatedSecondsRemaining = source.EstimatedSecondsRemaining;
        Agent = source.Agent;
        Chunk = source.Chunk;
        Results = source.Results;
        Error = source.Error;
        UserId = source.UserId;
        TenantId = source.TenantId;
        CorrelationId = source.CorrelationId;
        Source = source.Source;
        Metadata = source.Metadata;
        Truncated = source.Truncated;
    }

    /// <summary>Gets the wire format version (<c>v</c>).</summary>
    [JsonPropertyName("v")]
    [JsonPropertyOrder(-10)]
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Gets the kind of event.</summary>
    [JsonPropertyOrder(-9)]
    public required ProgressEventType Type { get; init; }

    /// <summary>Gets the job's id (see <see cref="JobId"/> for the allowed characters).</summary>
    [JsonPropertyOrder(-8)]
    public required string JobId { get; init; }

    /// <summary>
    /// Gets the numbering this event belongs to (<c>epoch</c>): 16 lowercase hex digits, the Unix time in milliseconds
    /// when the job's numbering started and 4 random digits; a later epoch compares greater (ordinal).
    /// <see langword="null"/> on events of publishers older than resume by position.
    /// </summary>
    [JsonPropertyOrder(-8)]
    public string? Epoch { get; init; }

    /// <summary>Gets the event's position in its job's epoch, from 1, in publish order (<c>seq</c>).</summary>
    [JsonPropertyName("seq")]
    [JsonPropertyOrder(-7)]
    public required long Sequence { get; init; }

    /// <summary>
    /// Gets how many events of the job's epoch that are not <c>progress_update</c> were published up to and including
    /// this one (<c>kept_seq</c>); lets a client tell a coalesced skip from a loss. <see langword="null"/> on events
    /// of publishers older than resume by position.
    /// </summary>
    [JsonPropertyName("kept_seq")]
    [JsonPropertyOrder(-7)]
    public long? KeptSequence { get; init; }

    /// <summary>Gets when the event was published, in UTC; written as ISO 8601 with milliseconds.</summary>
    [JsonConverter(typeof(UtcMillisecondTimestampConverter))]
    [JsonPropertyOrder(-6)]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the job's status after this event.</summary>
    [JsonPropertyOrder(-5)]
    public required JobStatus Status { get; init; }

    /// <summary>Gets the job's overall progress after this event, in percent from 0 to 100; never decreases within a job.</summary>
    [JsonPropertyOrder(-4)]
    public required double Progress { get; init; }

    /// <summary>Gets the job's current stage, if it has stages.</summary>
    public string? Stage { get; init; }

    /// <summary>Gets the progress within <see cref="Stage"/>, in percent from 0 to 100.</summary>
    public double? StageProgress { get; init; }

    /// <summary>Gets a human-readable message about the event.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the estimated seconds until the job ends, given by the caller or estimated from observed progress.</summary>
    public double? EstimatedSecondsRemaining { get; init; }

    /// <summary>Gets the agent whose status changed, on <c>agent_status</c> events.</summary>
    public AgentInfo? Agent { get; init; }

    /// <summary>Gets the piece of streamed output, on <c>chunk</c> events.</summary>
    public ChunkInfo? Chunk { get; init; }

    /// <summary>Gets the job's results, on <c>job_complete</c> events.</summary>
    public JsonElement? Results { get; init; }

    /// <summary>Gets the error, on <c>job_failed</c> events.</summary>
    public ErrorInfo? Error { get; init; }

    /// <summary>Gets the id of the user the job belongs to; transports route "my jobs" subscriptions by it.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the id of the tenant the job belongs to.</summary>
    public string? TenantId { get; init; }

    /// <summary>Gets the id that correlates this job with the request or trace that started it.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Gets the name of the service that published the event (<see cref="ProgressKitOptions.Source"/>).</summary>
    public string? Source { get; init; }

    /// <summary>Gets free-form string metadata the caller attached to the job.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>
    /// Gets the names of the fields a transport cut to fit its size limit (see <see cref="ProgressEventSizeLimiter"/>),
    /// or <see langword="null"/> when the event is whole.
    /// </summary>
    public IReadOnlyList<string>? Truncated { get; init; }

    /// <summary>Gets a value indicating whether the event ends its job (completed, failed or cancelled).</summary>
    [JsonIgnore]
    public bool IsTerminal => Type.IsTerminal();
}
