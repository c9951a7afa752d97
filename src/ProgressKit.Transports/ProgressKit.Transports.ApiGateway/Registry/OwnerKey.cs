namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>
/// The key that "my jobs" subscriptions are found by: a user within a tenant, unambiguous for any characters
/// (the tenant is length-prefixed, so neither id needs escaping).
/// </summary>
internal static class OwnerKey
{
    public static string Create(string userId, string? tenantId) =>
        tenantId is null ? $"u|{userId}" : $"t{tenantId.Length}|{tenantId}|{userId}";
}
