using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Transports.AppSync.Tests.Support;

namespace ProgressKit.Transports.AppSync.Tests;

public sealed class AppSyncTransportBuilderExtensionsTests
{
    [Fact]
    public async Task AddAppSyncTransport_Twice_AddsOneTransportNamedAppSync()
    {
        await using var harness = AppSyncHarness.Create(o =>
        {
            o.HttpEndpoint = new Uri("http://127.0.0.1:9/graphql");
            o.ApiKey = "k";
        });
        var services = new ServiceCollection();
        var builder = services.AddProgressKit();
        builder.AddAppSyncTransport(o => o.ApiKey = "a").AddAppSyncTransport(o => o.HttpEndpoint = new Uri("http://127.0.0.1:9/graphql"));
        await using var provider = services.BuildServiceProvider();

        var transports = provider.GetServices<IProgressTransport>().ToList();

        transports.Should().ContainSingle().Which.Name.Should().Be("appsync");
        harness.Transport.Name.Should().Be(AppSyncTransport.TransportName);
    }
}
