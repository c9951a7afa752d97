using System.Security.Claims;

namespace ProgressKit.Samples.Shared.Http;

/// <summary>Decides which user a job started over HTTP belongs to.</summary>
public static class SampleUsers
{
    /// <summary>The user id of jobs started by a caller who is not signed in.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>
    /// Returns the id of a signed-in user: the <see cref="ClaimTypes.NameIdentifier"/> claim (what SignalR's default
    /// user id provider reads), else <c>sub</c>, else the identity's name; <see cref="Anonymous"/> otherwise.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <returns>The user id.</returns>
    public static string GetUserId(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity)
        {
            return Anonymous;
        }

        var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? identity.Name;
        return string.IsNullOrEmpty(id) ? Anonymous : id;
    }
}
