using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProgressKit.Diagnostics;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Diagnostics;

public class ProgressKitHealthCheckTests
{
    [Fact]
    public async Task NoTransport_IsDegraded_WithTransport_IsHealthy()
    {
        (await CheckAsync()).Status.Should().Be(HealthStatus.Degraded);
        (await CheckAsync(new FakeTransport())).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task AddProgressKit_OnHealthChecksBuilder_RegistersTheCheck()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProgressKit();
        services.AddHealthChecks().AddProgressKit();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        report.Entries.Should().ContainKey(ProgressKitHealthChecksBuilderExtensions.DefaultName)
            .WhoseValue.Description.Should().Contain("no transport");
    }

    private static async Task<HealthCheckResult> CheckAsync(params ProgressKit.Transports.IProgressTransport[] transports)
    {
        await using var h = PublisherHarness.Create(transports: transports);
        var check = new ProgressKitHealthCheck(h.Services.GetRequiredService<ProgressKit.Dispatch.ProgressDispatcher>());
        return await check.CheckHealthAsync(new HealthCheckContext());
    }
}
