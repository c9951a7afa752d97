using System.Diagnostics.CodeAnalysis;
using Amazon;
using Amazon.Runtime;

namespace ProgressKit.Transports.Shared.Aws;

/// <summary>Finds the signing region: configured, read from an AWS endpoint host, or from the SDK's region chain.</summary>
internal static class AwsRegionResolver
{
    /// <summary>Resolves the region, in order: <paramref name="configured"/>; the label after <paramref name="serviceLabel"/>
    /// in <paramref name="endpoint"/>'s host (for example <c>abc.execute-api.eu-west-1.amazonaws.com</c>); the SDK's
    /// environment and profile chain (never instance metadata, which can hang outside AWS).</summary>
    /// <param name="configured">The configured region name, if any.</param>
    /// <param name="endpoint">The service endpoint, if any.</param>
    /// <param name="serviceLabel">The host label that precedes the region, for example <c>execute-api</c> or <c>appsync-api</c>.</param>
    /// <param name="region">The region found.</param>
    /// <returns><see langword="true"/> when a region was found.</returns>
    public static bool TryResolve(string? configured, Uri? endpoint, string serviceLabel, [NotNullWhen(true)] out RegionEndpoint? region) =>
        TryResolve(configured, endpoint, serviceLabel, static () => FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false), out region);

    /// <summary>As <see cref="TryResolve(string?, Uri?, string, out RegionEndpoint?)"/>, with the last step replaceable (for tests).</summary>
    /// <param name="configured">The configured region name, if any.</param>
    /// <param name="endpoint">The service endpoint, if any.</param>
    /// <param name="serviceLabel">The host label that precedes the region.</param>
    /// <param name="fallback">Asked when neither the configuration nor the host names a region.</param>
    /// <param name="region">The region found.</param>
    /// <returns><see langword="true"/> when a region was found.</returns>
    public static bool TryResolve(string? configured, Uri? endpoint, string serviceLabel, Func<RegionEndpoint?> fallback, [NotNullWhen(true)] out RegionEndpoint? region)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            region = RegionEndpoint.GetBySystemName(configured.Trim());
            return true;
        }

        if (TryReadFromHost(endpoint, serviceLabel, out var fromHost))
        {
            region = RegionEndpoint.GetBySystemName(fromHost);
            return true;
        }

        region = fallback();
        return region is not null;
    }

    /// <summary>Reads the region from a standard AWS host name such as <c>{id}.execute-api.{region}.amazonaws.com</c>.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="serviceLabel">The host label that precedes the region.</param>
    /// <param name="region">The region's system name.</param>
    /// <returns><see langword="true"/> when the host is a standard AWS host of that service.</returns>
    public static bool TryReadFromHost(Uri? endpoint, string serviceLabel, [NotNullWhen(true)] out string? region)
    {
        region = null;
        if (endpoint is null || !endpoint.IsAbsoluteUri)
        {
            return false;
        }

        var labels = endpoint.Host.Split('.');
        var index = Array.FindIndex(labels, label => string.Equals(label, serviceLabel, StringComparison.OrdinalIgnoreCase));
        if (index < 0 || index + 2 >= labels.Length || !string.Equals(labels[index + 2], "amazonaws", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        region = labels[index + 1].ToLowerInvariant();
        return region.Length > 0;
    }
}
