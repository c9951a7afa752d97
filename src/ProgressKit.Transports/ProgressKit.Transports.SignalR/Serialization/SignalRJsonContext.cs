using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProgressKit.Transports.SignalR.Serialization;

/// <summary>
/// Source-generated metadata for the values <see cref="ProgressHub"/> sends and receives, put first in SignalR's JSON
/// protocol resolver chain so that the hub works with reflection-based serialization turned off (trimming, Native AOT).
/// </summary>
[JsonSerializable(typeof(PreSerializedJson))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class SignalRJsonContext : JsonSerializerContext;
