using System.Diagnostics.CodeAnalysis;
using Amazon.Runtime;

namespace ProgressKit.Transports.Aws;

/// <summary>Works out the signing region of an AWS endpoint.</summary>
internal static class AwsRegion
{
    /// <summary>
    /// Returns the configured region, else the region named in an AWS host
    /// (<c>{id}.{service}.{region}.amazonaws.com[.cn]</c>), else AWSSDK.Core's default (<c>AWS_REGION</c>, profile).
    /// </summary>
    /// <param name="configured">The region the application configured, if any.</param>
    /// <param name="endpoint">The endpoint the requests go to.</param>
    /// <param name="region">The region found.</param>
    /// <returns><see langword="true"/> when a region was found.</returns>
    public static bool TryResolve(string? configured, Uri? endpoint, [NotNullWhen(true)] out string? region)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            region = configured.Trim();
            return true;
        }

        if (endpoint is not null && TryParseHost(endpoint.Host, out region))
        {
            return true;
        }

        region = FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        return region is not null;
    }

    /// <summary>Reads the region out of an AWS service host name.</summary>
    /// <param name="host">For example <c>abc.appsync-api.eu-west-1.amazonaws.com</c>.</param>
    /// <param name="region">The region, for example <c>eu-west-1</c>.</param>
    /// <returns><see langword="true"/> for an AWS host that names a region.</returns>
    public static bool TryParseHost(string host, [NotNullWhen(true)] out string? region)
    {
        region = null;
        var labels = host.Split('.');
        var aws = Array.IndexOf(labels, "amazonaws");
        if (aws < 2)
        {
            return false;
        }

        var candidate = labels[aws - 1];
        // Region names look like "us-east-1" or "cn-north-1": letters, dashes, a trailing digit.
        if (candidate.Length < 4 || !candidate.Contains('-', StringComparison.Ordinal) || !char.IsAsciiDigit(candidate[^1]))
        {
            return false;
        }

        region = candidate;
        return true;
    }
}
