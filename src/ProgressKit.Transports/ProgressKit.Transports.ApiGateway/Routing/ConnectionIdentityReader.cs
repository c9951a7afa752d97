using System.Text.Json;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>Reads the caller's user and tenant from a route event's authorizer context.</summary>
internal static class ConnectionIdentityReader
{
    public static ApiGatewayConnection Read(string connectionId, Dictionary<string, JsonElement>? authorizer, ApiGatewayIdentityOptions options)
    {
        if (authorizer is null)
        {
            return new ApiGatewayConnection(connectionId, null, null);
        }

        var user = Value(authorizer, options.UserIdKey) ?? Value(authorizer, ApiGatewayIdentityOptions.PrincipalIdKey);
        var tenant = Value(authorizer, options.TenantIdKey);
        return new ApiGatewayConnection(connectionId, user, user is null ? null : tenant);
    }

    private static string? Value(Dictionary<string, JsonElement> authorizer, string key)
    {
        if (!authorizer.TryGetValue(key, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
