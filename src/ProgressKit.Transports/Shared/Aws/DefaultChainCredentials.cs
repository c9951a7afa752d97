using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace ProgressKit.Transports.Shared.Aws;

/// <summary>
/// Credentials from AWSSDK.Core's default resolution chain (environment, profile, container, instance metadata),
/// looked up on first use rather than at construction.
/// </summary>
/// <remarks>
/// Resolving the chain can do network I/O (container and instance metadata endpoints), so it must not run inside a
/// DI factory or a constructor. The SDK's resolver caches what it finds and notices a changed environment, so asking it
/// on every request is cheap.
/// </remarks>
internal sealed class DefaultChainCredentials : AWSCredentials
{
    /// <inheritdoc />
    public override ImmutableCredentials GetCredentials() =>
        DefaultAWSCredentialsIdentityResolver.GetCredentials().GetCredentials();

    /// <inheritdoc />
    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        var resolved = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
        return await resolved.GetCredentialsAsync().ConfigureAwait(false);
    }

    /// <summary>Returns the configured credentials, or the default chain when none are configured.</summary>
    /// <param name="configured">The credentials from options, if any.</param>
    /// <returns>Credentials to sign with.</returns>
    public static AWSCredentials OrConfigured(AWSCredentials? configured) => configured ?? new DefaultChainCredentials();
}
