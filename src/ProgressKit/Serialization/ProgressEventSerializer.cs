using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Streams;

namespace ProgressKit.Serialization;

/// <summary>
/// Reads and writes wire format v1 (see <c>docs/wire-format.md</c>) with source-generated metadata: no reflection, safe
/// under trimming and Native AOT.
/// </summary>
/// <remarks>All members are thread-safe.</remarks>
public static class ProgressEventSerializer
{
    /// <summary>
    /// Gets the serializer options of wire format v1 (snake_case, nulls omitted, source-generated metadata). The
    /// instance is read-only; plug <see cref="JsonSerializerOptions.TypeInfoResolver"/> into other serializers (for
    /// example SignalR's JSON protocol) so that they write the same shape.
    /// </summary>
    public static JsonSerializerOptions Options => ProgressKitJsonContext.Wire.Options;

    /// <summary>Gets the source-generated resolver for the wire format types.</summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => ProgressKitJsonContext.Wire;

    /// <summary>Gets the metadata for <see cref="ProgressEvent"/>.</summary>
    public static JsonTypeInfo<ProgressEvent> EventTypeInfo => ProgressKitJsonContext.Wire.ProgressEvent;

    /// <summary>Serializes an event to UTF-8 JSON.</summary>
    /// <param name="progressEvent">The event.</param>
    /// <returns>One JSON object.</returns>
    public static byte[] SerializeToUtf8Bytes(ProgressEvent progressEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(progressEvent, ProgressKitJsonContext.Wire.ProgressEvent);

    /// <summary>Serializes an event to a JSON string.</summary>
    /// <param name="progressEvent">The event.</param>
    /// <returns>One JSON object.</returns>
    public static string Serialize(ProgressEvent progressEvent) =>
        JsonSerializer.Serialize(progressEvent, ProgressKitJsonContext.Wire.ProgressEvent);

    /// <summary>Serializes an event into a buffer writer, without intermediate copies.</summary>
    /// <param name="destination">Where the UTF-8 JSON goes.</param>
    /// <param name="progressEvent">The event.</param>
    public static void Serialize(IBufferWriter<byte> destination, ProgressEvent progressEvent)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, progressEvent, ProgressKitJsonContext.Wire.ProgressEvent);
    }

    /// <summary>Reads one event from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <returns>The event.</returns>
    /// <exception cref="JsonException">The JSON is malformed or is not a valid v1 event.</exception>
    public static ProgressEvent Deserialize(ReadOnlySpan<byte> utf8Json) =>
        Validate(JsonSerializer.Deserialize(utf8Json, ProgressKitJsonContext.Wire.ProgressEvent));

    /// <summary>Reads one event from a JSON string.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The event.</returns>
    /// <exception cref="JsonException">The JSON is malformed or is not a valid v1 event.</exception>
    public static ProgressEvent Deserialize(string json) =>
        Validate(JsonSerializer.Deserialize(json, ProgressKitJsonContext.Wire.ProgressEvent));

    /// <summary>Serializes a <c>subscribed</c> control reply.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] SerializeToUtf8Bytes(SubscribedReply reply) =>
        JsonSerializer.SerializeToUtf8Bytes(reply, ProgressKitJsonContext.Wire.SubscribedReply);

    /// <summary>Serializes a <c>status</c> control reply.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] SerializeToUtf8Bytes(StatusReply reply) =>
        JsonSerializer.SerializeToUtf8Bytes(reply, ProgressKitJsonContext.Wire.StatusReply);

    /// <summary>Serializes an <c>error</c> control reply.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] SerializeToUtf8Bytes(ErrorReply reply) =>
        JsonSerializer.SerializeToUtf8Bytes(reply, ProgressKitJsonContext.Wire.ErrorReply);

    /// <summary>Serializes a <c>resumed</c> control reply.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] SerializeToUtf8Bytes(ResumedReply reply) =>
        JsonSerializer.SerializeToUtf8Bytes(reply, ProgressKitJsonContext.Wire.ResumedReply);

    /// <summary>
    /// Serializes a job's state as its snapshot event object with an added <c>streams</c> field holding each chunk
    /// stream's text so far: what SignalR's <c>Subscribe</c> returns.
    /// </summary>
    /// <param name="state">The job's state.</param>
    /// <returns>UTF-8 JSON: one event object plus <c>streams</c>.</returns>
    public static byte[] SerializeSnapshotWithStreams(JobStreamState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            using var snapshot = JsonSerializer.SerializeToDocument(state.Snapshot, ProgressKitJsonContext.Wire.ProgressEvent);
            writer.WriteStartObject();
            foreach (var property in snapshot.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WritePropertyName("streams");
            JsonSerializer.Serialize(writer, state.Streams, ProgressKitJsonContext.Wire.IReadOnlyDictionaryStringJobStreamText);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ProgressEvent Validate(ProgressEvent? progressEvent)
    {
        if (progressEvent is null)
        {
            throw new JsonException("Expected a progress event object, got null.");
        }

        if (progressEvent.Version != ProgressEvent.CurrentVersion)
        {
            throw new JsonException($"Unsupported wire format version {progressEvent.Version}; this library reads version {ProgressEvent.CurrentVersion}.");
        }

        if (!JobId.IsValid(progressEvent.JobId))
        {
            throw new JsonException(JobId.Describe(progressEvent.JobId));
        }

        if (progressEvent.Sequence < 1 || progressEvent.Progress is < 0 or > 100 || double.IsNaN(progressEvent.Progress))
        {
            throw new JsonException("A progress event needs seq >= 1 and progress between 0 and 100.");
        }

        // Absent on events of publishers older than resume by position; when present, a store keys resumes by them.
        if ((progressEvent.Epoch is not null && !JobStreamCursor.IsValidEpoch(progressEvent.Epoch))
            || progressEvent.KeptSequence is < 0
            || progressEvent.KeptSequence > progressEvent.Sequence)
        {
            throw new JsonException("A progress event's epoch must be 16 lowercase hex digits and its kept_seq between 0 and its seq.");
        }

        return progressEvent;
    }
}
