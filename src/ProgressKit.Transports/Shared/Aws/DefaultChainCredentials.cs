using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit.Transports.Shared.Aws;

/// <summary>
/// The one way both AWS transports find the credentials they sign with (<see cref="Resolve"/>), and the lazy
/// credentials of AWSSDK.Core's default resolution chain (environment, profile, container, instance metadata), looked
/// up on first use rather than at construction.
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

    /// <summary>
    /// Returns the credentials from the transport's options, else an <see cref="AWSCredentials"/> registered in the
    /// container (tests, or an app that builds its own), else the default chain, resolved lazily so that a process that
    /// never signs never touches it.
    /// </summary>
    /// <param name="configured">The credentials from options, if any.</param>
    /// <param name="services">The container.</param>
    /// <returns>Credentials to sign with.</returns>
    public static AWSCredentials Resolve(AWSCredentials? configured, IServiceProvider services) =>
        configured ?? services.GetService<AWSCredentials>() ?? new DefaultChainCredentials();
}
