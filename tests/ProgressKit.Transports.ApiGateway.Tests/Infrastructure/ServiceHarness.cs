using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Transports.ApiGateway.Management;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>Builds ProgressKit with the API Gateway transport as an application does, with every log captured.</summary>
internal static class ServiceHarness
{
    public static ServiceProvider Build(Action<ApiGatewayTransportOptions> configure, Action<ProgressKitOptions>? core = null, Action<IProgressKitBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        var builder = services.AddProgressKit(o =>
        {
            o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.Resilience.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
            o.CancellationPollInterval = TimeSpan.FromMilliseconds(100);
            core?.Invoke(o);
        });
        builder.AddApiGatewayTransport(o =>
        {
            o.Region = "us-east-1";
            o.Credentials = TestCredentials.Basic;
            configure(o);
        });
        build?.Invoke(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static ApiGatewayManagementClient ManagementClient(this IServiceProvider services) =>
        services.GetRequiredService<ApiGatewayManagementClient>();

    /// <summary>Every captured log line, with its exception, as one searchable text.</summary>
    public static string AllLogText(this IServiceProvider services) =>
        string.Join(Environment.NewLine, services.GetFakeLogCollector().GetSnapshot()
            .Select(r => $"{r.Level} [{r.Id.Id}] {r.Category} {r.Message} {r.Exception} {string.Join(";", r.StructuredState?.Select(s => s.Key + "=" + s.Value) ?? [])}"));
}
