using System.Security.Claims;

namespace ProgressKit.Transports.SignalR.Access;

/// <summary>Reads a hub caller's user and tenant ids from its claims, as <see cref="ProgressHubOptions"/> names them.</summary>
internal static class CallerIdentity
{
    public static bool IsAuthenticated(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    /// <summary>Returns the caller's user id, or <see langword="null"/> when it is anonymous or has no user id claim.</summary>
    public static string? UserId(ClaimsPrincipal user, ProgressHubOptions options)
    {
        if (!IsAuthenticated(user))
        {
            return null;
        }

        return NonEmpty(user.FindFirst(options.UserIdClaimType)?.Value)
            ?? NonEmpty(user.FindFirst(ProgressHubOptions.FallbackUserIdClaimType)?.Value);
    }

    /// <summary>Returns the caller's tenant id, or <see langword="null"/> when it is anonymous or has no tenant claim.</summary>
    public static string? TenantId(ClaimsPrincipal user, ProgressHubOptions options) =>
        IsAuthenticated(user) ? NonEmpty(user.FindFirst(options.TenantIdClaimType)?.Value) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
