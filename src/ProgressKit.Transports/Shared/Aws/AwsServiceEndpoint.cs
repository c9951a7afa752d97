using System.Diagnostics.CodeAnalysis;

namespace ProgressKit.Transports.Shared.Aws;

/// <summary>Checks and extends the base URL of an AWS HTTP API (which may carry a path such as a stage).</summary>
internal static class AwsServiceEndpoint
{
    /// <summary>Returns whether <paramref name="endpoint"/> is an absolute http(s) URL without query or fragment.</summary>
    /// <param name="endpoint">The configured URL.</param>
    /// <param name="problem">Why it is not, phrased to follow the setting's name.</param>
    /// <returns><see langword="true"/> when it can serve as a base URL.</returns>
    public static bool IsValidBaseUrl([NotNullWhen(true)] Uri? endpoint, [NotNullWhen(false)] out string? problem)
    {
        if (endpoint is null)
        {
            problem = "is required";
            return false;
        }

        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            problem = "must be an absolute http(s) URL (for a WebSocket API use https://, not wss://)";
            return false;
        }

        if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
        {
            problem = "must not have a query string or fragment";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>
    /// Appends already-escaped path segments to the base URL, keeping its path (a stage or a custom domain's base path).
    /// </summary>
    /// <param name="baseUrl">The base URL, for example <c>https://abc.execute-api.us-east-1.amazonaws.com/prod</c>.</param>
    /// <param name="escapedRelativePath">The path to append, for example <c>@connections/R0oX%3D</c>.</param>
    /// <returns>The combined URL.</returns>
    public static Uri Combine(Uri baseUrl, string escapedRelativePath)
    {
        var left = baseUrl.GetLeftPart(UriPartial.Path);
        return new Uri(left.EndsWith('/') ? left + escapedRelativePath : left + "/" + escapedRelativePath, UriKind.Absolute);
    }
}
