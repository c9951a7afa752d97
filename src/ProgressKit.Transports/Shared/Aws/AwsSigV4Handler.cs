using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace ProgressKit.Transports.Shared.Aws;

/// <summary>Builds the primary HTTP handler of a client whose every request AWSSDK.Core signs with Signature Version 4.</summary>
/// <remarks>
/// Shared by the AWS transports (linked as source). The signer sits at the bottom of the handler chain, so every
/// attempt is signed with a fresh timestamp, and handlers added with <c>AddHttpMessageHandler</c> run before it.
/// </remarks>
internal static class AwsSigV4Handler
{
    /// <summary>Creates <c>SigV4SigningHandler</c> over a sockets handler that does not follow redirects.</summary>
    /// <param name="credentials">The credentials; resolved (and refreshed) by the SDK on every send.</param>
    /// <param name="region">The signing region, for example <c>us-east-1</c>.</param>
    /// <param name="service">The signing service name, for example <c>appsync</c> or <c>execute-api</c>.</param>
    /// <returns>The handler to use as an <c>IHttpClientFactory</c> primary handler.</returns>
    public static HttpMessageHandler Create(AWSCredentials credentials, string region, string service)
    {
        // A redirect followed below the signer would go out with a stale or stripped signature (see the SDK's remarks).
        var inner = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        return new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), service, inner);
    }
}
