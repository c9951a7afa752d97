using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit.Transports.Aws;

/// <summary>Finds the AWS credentials a transport signs with.</summary>
/// <remarks>
/// An <see cref="AWSCredentials"/> registered in the container wins (tests, or an app that builds its own); otherwise
/// AWSSDK.Core's default chain (environment, profiles, container and instance roles) is asked once, lazily, so that
/// a process that never signs never touches the chain.
/// </remarks>
internal sealed class AwsCredentialsSource(IServiceProvider services)
{
    private readonly Lazy<AWSCredentials> _credentials = new(
        () => services.GetService<AWSCredentials>() ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the credentials; the first call may read the environment or files.</summary>
    public AWSCredentials Credentials => _credentials.Value;
}
