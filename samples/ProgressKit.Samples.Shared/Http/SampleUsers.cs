using System.Security.Claims;

namespace ProgressKit.Samples.Shared.Http;

/// <summary>Decides which user a job started over HTTP belongs to.</summary>
public static class SampleUsers
{
    /// <summary>
    /// Returns the id of a signed-in user: the <see cref="ClaimTypes.NameIdentifier"/> claim (what SignalR's default
    /// user id provider reads), else <c>sub</c>, else the identity's name. Returns <see langword="null"/> for a caller
    /// who is not signed in: the job then has no user, which is what the transports' anonymous modes open to
    /// anonymous clients (a job that names a user is that user's alone).
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <returns>The user id, or <see langword="null"/> for an anonymous caller.</returns>
    public static string? GetUserId(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? identity.Name;
        return string.IsNullOrEmpty(id) ? null : id;
    }
}
