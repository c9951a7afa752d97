using System.Text.Json.Serialization;
using ProgressKit.Events;
using ProgressKit.Events.Control;

namespace ProgressKit.Serialization;

/// <summary>Source-generated (reflection-free, trim- and AOT-safe) serialization metadata for wire format v1.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(ProgressEvent))]
[JsonSerializable(typeof(SubscribedReply))]
[JsonSerializable(typeof(StatusReply))]
[JsonSerializable(typeof(ErrorReply))]
internal sealed partial class ProgressKitJsonContext : JsonSerializerContext;
