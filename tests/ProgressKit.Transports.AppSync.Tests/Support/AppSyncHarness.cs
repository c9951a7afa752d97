using System.Diagnostics.Metrics;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ProgressKit.Transports.AppSync.Tests.Support;

/// <summary>ProgressKit with the AppSync transport, built the way an application does (DI), with fake logs and metric collectors.</summary>
public sealed class AppSyncHarness : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDEXAMPLEPROGRESSKIT";
    public const string SecretAccessKey = "fake-secret-for-loopback-tests-only";

    private readonly ServiceProvider _provider;

    private AppSyncHarness(ServiceProvider provider)
    {
        _provider = provider;
        var meters = provider.GetRequiredService<IMeterFactory>();
        Failed = new MetricCollector<long>(meters, "ProgressKit", "progresskit.events.failed");
        Delivered = new MetricCollector<long>(meters, "ProgressKit", "progresskit.events.delivered");
        Rejected = new MetricCollector<long>(meters, "ProgressKit", "progresskit.sends.rejected");
        Publisher = provider.GetRequiredService<IProgressPublisher>();
    }

    public IServiceProvider Services => _provider;

    public IProgressPublisher Publisher { get; }

    public FakeLogCollector Logs => _provider.GetFakeLogCollector();

    public MetricCollector<long> Failed { get; }

    public MetricCollector<long> Delivered { get; }

    public MetricCollector<long> Rejected { get; }

    /// <summary>Gets the transport as the dispatcher sees it.</summary>
    public IProgressTransport Transport => _provider.GetServices<IProgressTransport>().Single();

    public static AppSyncHarness Create(Action<AppSyncTransportOptions> configure, Action<ProgressKitOptions>? core = null, FakeTimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        // IAM tests sign with fixed fake credentials; nothing may look for real ones or for instance metadata.
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(AccessKeyId, SecretAccessKey));
        services.AddProgressKit(o =>
        {
            if (time is not null)
            {
                o.TimeProvider = time;
            }

            o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.Resilience.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
            core?.Invoke(o);
        }).AddAppSyncTransport(configure);
        return new AppSyncHarness(services.BuildServiceProvider());
    }

    public async Task FlushAsync()
    {
        var flushed = await Publisher.FlushAsync(TestUtilities.TestTimeouts.Signal);
        flushed.Should().BeTrue("every event should be delivered or finally failed in time");
    }

    public async ValueTask DisposeAsync()
    {
        Failed.Dispose();
        Rejected.Dispose();
        Delivered.Dispose();
        await _provider.DisposeAsync();
    }
}
