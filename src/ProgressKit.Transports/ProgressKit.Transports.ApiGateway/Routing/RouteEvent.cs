using System.Text.Json;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>The parts of an API Gateway WebSocket route event (the JSON a Lambda function receives) the handler reads.</summary>
internal sealed class RouteEvent
{
    public RouteRequestContext? RequestContext { get; set; }

    public string? Body { get; set; }

    public bool IsBase64Encoded { get; set; }

    internal sealed class RouteRequestContext
    {
        public string? RouteKey { get; set; }

        /// <summary>CONNECT, MESSAGE or DISCONNECT.</summary>
        public string? EventType { get; set; }

        public string? ConnectionId { get; set; }

        /// <summary>The authorizer's <c>principalId</c> and context, flattened; values are strings, numbers or booleans.</summary>
        public Dictionary<string, JsonElement>? Authorizer { get; set; }
    }
}
