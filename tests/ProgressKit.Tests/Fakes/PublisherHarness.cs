using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using ProgressKit.Jobs;
using ProgressKit.State;
using ProgressKit.Transports;
using System.Diagnostics.Metrics;

namespace ProgressKit.Tests.Fakes;

/// <summary>Builds a publisher the way an application does (DI), with a fake clock, fake logs and metric collectors.</summary>
public sealed class PublisherHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private PublisherHarness(ServiceProvider provider, FakeTimeProvider? time)
    {
        _provider = provider;
        Time = time;
        var meters = provider.GetRequiredService<IMeterFactory>();
        Published = new MetricCollector<long>(meters, "ProgressKit", "progresskit.events.published");
        Dropped = new MetricCollector<long>(meters, "ProgressKit", "progresskit.events.dropped");
        Coalesced = new MetricCollector<long>(meters, "ProgressKit", "progresskit.events.coalesced");
        Failed = new MetricCollector<long>(meters, "ProgressKit", "progresskit.events.failed");
        Retried = new MetricCollector<long>(meters, "ProgressKit", "progresskit.sends.retried");
        Delivered = new MetricCollector<long>(meters, "ProgressKit", "progresskit.events.delivered");
        Rejected = new MetricCollector<long>(meters, "ProgressKit", "progresskit.sends.rejected");
        Publisher = provider.GetRequiredService<IProgressPublisher>();
    }

    public IServiceProvider Services => _provider;

    public IProgressPublisher Publisher { get; }

    public FakeTimeProvider? Time { get; }

    public FakeLogCollector Logs => _provider.GetFakeLogCollector();

    public MetricCollector<long> Published { get; }

    public MetricCollector<long> Dropped { get; }

    public MetricCollector<long> Coalesced { get; }

    public MetricCollector<long> Failed { get; }

    public MetricCollector<long> Retried { get; }

    public MetricCollector<long> Delivered { get; }

    public MetricCollector<long> Rejected { get; }

    public IJobCancellation Cancellation => _provider.GetRequiredService<IJobCancellation>();

    public IJobStateStore StateStore => _provider.GetRequiredService<IJobStateStore>();

    public static PublisherHarness Create(
        Action<ProgressKitOptions>? configure = null,
        bool fakeTime = false,
        Action<IProgressKitBuilder>? build = null,
        params IProgressTransport[] transports)
    {
        var time = fakeTime ? new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero)) : null;
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        var builder = services.AddProgressKit(o =>
        {
            if (time is not null)
            {
                o.TimeProvider = time;
            }

            // Fast, deterministic resilience for tests; individual tests override.
            o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.Resilience.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        foreach (var transport in transports)
        {
            builder.AddTransport(_ => transport);
        }

        build?.Invoke(builder);
        return new PublisherHarness(services.BuildServiceProvider(), time);
    }

    /// <summary>Advances the fake clock in small steps until <paramref name="done"/> completes (retries and timeouts wait on it).</summary>
    public async Task AdvanceUntilAsync(Task done, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!done.IsCompleted && DateTime.UtcNow < deadline)
        {
            Time!.Advance(step);
            await Task.WhenAny(done, Task.Delay(5));
        }

        await done;
    }

    public async ValueTask DisposeAsync()
    {
        Published.Dispose();
        Dropped.Dispose();
        Coalesced.Dispose();
        Failed.Dispose();
        Retried.Dispose();
        Delivered.Dispose();
        Rejected.Dispose();
        await _provider.DisposeAsync();
    }
}
