using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>Route events shaped like those API Gateway (and serverless-offline) hand a Lambda function.</summary>
internal static class RouteEvents
{
    public static byte[] Connect(string connectionId, IReadOnlyDictionary<string, object>? authorizer = null) =>
        Create(connectionId, "$connect", "CONNECT", body: null, authorizer: authorizer);

    public static byte[] Disconnect(string connectionId) => Create(connectionId, "$disconnect", "DISCONNECT", body: null);

    public static byte[] Message(string connectionId, string body, string routeKey = "$default") =>
        Create(connectionId, routeKey, "MESSAGE", body);

    public static byte[] Message(string connectionId, object message) =>
        Create(connectionId, "$default", "MESSAGE", JsonSerializer.Serialize(message));

    public static byte[] BinaryMessage(string connectionId, byte[] body) =>
        Create(connectionId, "$default", "MESSAGE", Convert.ToBase64String(body), isBase64: true);

    public static IReadOnlyDictionary<string, object> User(string userId, string? tenantId = null) =>
        tenantId is null
            ? new Dictionary<string, object> { ["userId"] = userId, ["integrationLatency"] = 12 }
            : new Dictionary<string, object> { ["userId"] = userId, ["tenantId"] = tenantId };

    private static byte[] Create(string connectionId, string routeKey, string eventType, string? body, bool isBase64 = false, IReadOnlyDictionary<string, object>? authorizer = null)
    {
        var context = new JsonObject
        {
            ["routeKey"] = routeKey,
            ["eventType"] = eventType,
            ["extendedRequestId"] = Guid.NewGuid().ToString(),
            ["requestTime"] = "24/Nov/2026:06:00:00 +0000",
            ["messageDirection"] = "IN",
            ["stage"] = "local",
            ["connectedAt"] = 1795500000000,
            ["requestTimeEpoch"] = 1795500000000,
            ["identity"] = new JsonObject { ["sourceIp"] = "127.0.0.1" },
            ["requestId"] = Guid.NewGuid().ToString(),
            ["domainName"] = "localhost",
            ["connectionId"] = connectionId,
            ["apiId"] = "private",
        };
        if (authorizer is not null)
        {
            context["authorizer"] = JsonSerializer.SerializeToNode(authorizer);
        }

        var root = new JsonObject { ["requestContext"] = context, ["isBase64Encoded"] = isBase64 };
        if (body is not null)
        {
            root["body"] = body;
        }

        if (eventType == "CONNECT")
        {
            root["headers"] = new JsonObject { ["Host"] = "localhost" };
            root["queryStringParameters"] = new JsonObject();
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
