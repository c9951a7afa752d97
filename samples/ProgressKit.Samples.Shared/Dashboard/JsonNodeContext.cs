using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ProgressKit.Samples.Shared.Dashboard;

/// <summary>Source-generated metadata to write a <see cref="JsonObject"/> without reflection.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
