using System.Text.Json.Serialization;

namespace ProgressKit.Transports.ApiGateway.Management;

/// <summary>Source-generated JSON metadata of the management API's responses.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ConnectionInfoResponse))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
