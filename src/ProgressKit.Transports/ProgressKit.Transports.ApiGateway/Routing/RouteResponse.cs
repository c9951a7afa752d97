using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>
/// What a WebSocket route returns to API Gateway: <c>{"statusCode": ..., "body": ...}</c>, the shape of a Lambda proxy
/// result. On <c>$connect</c> a non-2xx status refuses the connection; on a message route with a route response, API
/// Gateway sends <see cref="Body"/> to the client.
/// </summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Body">The reply sent to the client, or <see langword="null"/> for none.</param>
public sealed record RouteResponse(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("body"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body = null)
{
    /// <summary>Writes the response as the JSON object API Gateway expects from a Lambda function or HTTP integration.</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, RoutingJsonContext.Default.RouteResponse);

    /// <summary>Writes the response as the JSON object API Gateway expects from a Lambda function or HTTP integration.</summary>
    /// <returns>A JSON string.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, RoutingJsonContext.Default.RouteResponse);
}
