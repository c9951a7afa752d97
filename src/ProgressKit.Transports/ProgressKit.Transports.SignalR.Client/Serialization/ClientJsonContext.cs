using System.Text.Json.Serialization;

namespace ProgressKit.Transports.SignalR.Serialization;

/// <summary>Source-generated metadata for the publish payload, so the client works with reflection-based serialization off.</summary>
[JsonSerializable(typeof(PreSerializedJson))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
