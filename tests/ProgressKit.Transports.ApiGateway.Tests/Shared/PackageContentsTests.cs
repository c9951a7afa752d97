using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Transports.Shared.Aws;

namespace ProgressKit.Transports.ApiGateway.Tests.Shared;

public class PackageContentsTests
{
    [Fact]
    public void Assembly_CompilesOnlyTheSharedAwsFiles_NoSignalRTypes()
    {
        var types = typeof(ApiGatewayTransportOptions).Assembly.GetTypes();

        types.Should().NotContain(t => t.Namespace != null && t.Namespace.Contains("SignalR", StringComparison.Ordinal),
            "the API Gateway package links only the AWS files of src/ProgressKit.Transports/Shared");
        types.Should().Contain(t => t.Namespace == "ProgressKit.Transports.Shared.Aws");
    }

    [Fact]
    public void Credentials_ConfiguredWin_ThenRegistered_ThenTheLazyDefaultChain()
    {
        var configured = new BasicAWSCredentials("configured", "secret");
        var registered = new BasicAWSCredentials("registered", "secret");
        using var withRegistered = new ServiceCollection().AddSingleton<AWSCredentials>(registered).BuildServiceProvider();
        using var bare = new ServiceCollection().BuildServiceProvider();

        DefaultChainCredentials.Resolve(configured, withRegistered).Should().BeSameAs(configured);
        DefaultChainCredentials.Resolve(null, withRegistered).Should().BeSameAs(registered);
        DefaultChainCredentials.Resolve(null, bare).Should().BeOfType<DefaultChainCredentials>("the chain is asked on first use, not here");
    }
}
