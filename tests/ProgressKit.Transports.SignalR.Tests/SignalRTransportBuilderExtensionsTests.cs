using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Serialization;

namespace ProgressKit.Transports.SignalR.Tests;

public class SignalRTransportBuilderExtensionsTests
{
    [Fact]
    public async Task AddSignalRTransport_Twice_RegistersOneTransport()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddProgressKit().AddSignalRTransport().AddSignalRTransport(o => o.MaxConcurrentSends = 8);
        await using var provider = services.BuildServiceProvider();

        var transports = provider.GetServices<IProgressTransport>().ToList();

        transports.Should().ContainSingle().Which.Name.Should().Be(SignalRProgressTransport.TransportName);
        provider.GetRequiredService<IOptions<SignalRTransportOptions>>().Value.MaxConcurrentSends.Should().Be(8);
        provider.GetServices<IConfigureOptions<JsonHubProtocolOptions>>().OfType<ProgressJsonProtocolSetup>().Should().ContainSingle();
    }

    [Fact]
    public async Task AddSignalRTransport_InvalidOptions_FailOnResolveNamingTheSetting()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddProgressKit().AddSignalRTransport(o => o.MaxConcurrentSends = 0);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<SignalRTransportOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*ProgressKit:SignalR:MaxConcurrentSends*");
    }

    [Fact]
    public async Task UseProgressAccessPolicy_ReplacesTheDefault_InEitherOrder()
    {
        var before = new ServiceCollection().AddLogging();
        before.AddProgressKit().UseProgressAccessPolicy<DenyAllPolicy>().AddSignalRTransport();
        var after = new ServiceCollection().AddLogging();
        after.AddProgressKit().AddSignalRTransport().UseProgressAccessPolicy<DenyAllPolicy>();
        await using var first = before.BuildServiceProvider();
        await using var second = after.BuildServiceProvider();

        first.GetRequiredService<IProgressAccessPolicy>().Should().BeOfType<DenyAllPolicy>();
        second.GetRequiredService<IProgressAccessPolicy>().Should().BeOfType<DenyAllPolicy>();
    }

    [Fact]
    public async Task JsonProtocol_KeepsSerializingTheApplicationsOwnTypes()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddProgressKit().AddSignalRTransport();
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value.PayloadSerializerOptions;

        var appPayload = JsonSerializer.Serialize(new AppMessage("hello", 3), options);
        var progressPayload = JsonSerializer.Serialize(new PreSerializedJson("""{"v":1}"""u8.ToArray()), options);

        appPayload.Should().Be("""{"text":"hello","count":3}""", "the app's camelCase default must be untouched");
        progressPayload.Should().Be("""{"v":1}""");
    }

    [Fact]
    public void MapProgressHub_WithoutTheTransport_ExplainsWhatIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSignalR();
        var app = builder.Build();

        var act = () => app.MapProgressHub();

        act.Should().Throw<InvalidOperationException>().WithMessage("*AddSignalRTransport()*");
    }

    private sealed record AppMessage(string Text, int Count);

    private sealed class DenyAllPolicy : IProgressAccessPolicy
    {
        public ValueTask<bool> CanAccessJobAsync(ProgressAccessContext context, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public ValueTask<bool> CanWatchTenantAsync(System.Security.Claims.ClaimsPrincipal user, string tenantId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(false);
    }
}
