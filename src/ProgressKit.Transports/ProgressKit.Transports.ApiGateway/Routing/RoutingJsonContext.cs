using System.Text.Json.Serialization;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>Source-generated JSON metadata of route events, client messages and route responses.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(RouteEvent))]
[JsonSerializable(typeof(ClientMessage))]
[JsonSerializable(typeof(RouteResponse))]
internal sealed partial class RoutingJsonContext : JsonSerializerContext;
