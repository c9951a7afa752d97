using System.Text.Json.Serialization;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>A client's request: <c>{"action": "subscribe", "job_id": "..."}</c>.</summary>
internal sealed class ClientMessage
{
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("job_id")]
    public string? JobId { get; set; }
}
