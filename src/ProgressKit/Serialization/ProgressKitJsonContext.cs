using System.Text.Json.Serialization;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Streams;

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
[JsonSerializable(typeof(ResumedReply))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JobStreamText>))]
internal sealed partial class ProgressKitJsonContext : JsonSerializerContext;
