using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProgressKit.Transports.SignalR.Serialization;

/// <summary>
/// A JSON value that is already serialized (a wire format v1 event): SignalR's JSON protocol writes its bytes as they
/// are, so clients receive exactly what <see cref="ProgressKit.Serialization.ProgressEventSerializer"/> wrote, whatever
/// naming policy or resolvers the application configured for its own hubs.
/// </summary>
/// <remarks>Linked as source into the SignalR server and client packages; write-only.</remarks>
[JsonConverter(typeof(PreSerializedJsonConverter))]
internal sealed class PreSerializedJson(byte[] utf8Json, ProgressKit.Events.ProgressEvent? source = null)
{
    /// <summary>Gets the UTF-8 JSON; never modified after construction.</summary>
    public byte[] Utf8Json { get; } = utf8Json;

    /// <summary>
    /// Gets the event the bytes were written from, when the sender had it, so that a reader on this node (the hub's
    /// per-connection resume and duplicate checks) takes it instead of parsing the bytes again for every connection.
    /// </summary>
    public ProgressKit.Events.ProgressEvent? Source { get; } = source;

    /// <summary>Writes the bytes verbatim; reading is not supported (receivers bind to <see cref="JsonElement"/>).</summary>
    internal sealed class PreSerializedJsonConverter : JsonConverter<PreSerializedJson>
    {
        public override PreSerializedJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("PreSerializedJson is write-only; bind received values to JsonElement.");

        // The serializer produced the bytes, so validating them again would only cost time on the fan-out path.
        public override void Write(Utf8JsonWriter writer, PreSerializedJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8Json, skipInputValidation: true);
    }
}
