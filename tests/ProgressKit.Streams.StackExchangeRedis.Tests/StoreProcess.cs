using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ProgressKit.Streams.StackExchangeRedis.Tests;

/// <summary>One "process" using the Redis job stream store: a container of its own, with its own local copy and connection.</summary>
internal sealed class StoreProcess : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public StoreProcess(string connectionString, string keyPrefix, Action<JobStreamStoreOptions>? bounds = null, Action<RedisJobStreamStoreOptions>? redis = null)
    {
        var services = new ServiceCollection().AddMetrics();
        services.AddProgressKit(o => bounds?.Invoke(o.Streams)).AddRedisJobStreamStore(o =>
        {
            o.Configuration = connectionString;
            o.KeyPrefix = keyPrefix;
            redis?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        Meters = meters;
        Writes = new MetricCollector<long>(meters, "ProgressKit.Redis", "progresskit.redis.stream.writes");
        Dropped = new MetricCollector<long>(meters, "ProgressKit.Redis", "progresskit.redis.stream.dropped");
        Evicted = new MetricCollector<long>(meters, "ProgressKit.Redis", "progresskit.redis.stream.evicted");
        Released = new MetricCollector<long>(meters, "ProgressKit.Redis", "progresskit.redis.stream.released");
        Reads = new MetricCollector<long>(meters, "ProgressKit.Redis", "progresskit.redis.stream.reads");
        Resumes = new MetricCollector<long>(meters, "ProgressKit.Redis", "progresskit.redis.stream.resumes");
        ReplaySize = new MetricCollector<long>(meters, "ProgressKit.Redis", "progresskit.redis.stream.replay.size");
        Store = _services.GetRequiredService<IJobStreamStore>();
        Writer = _services.GetRequiredService<IRedisJobStreamWriter>();
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + ":";

    public IJobStreamStore Store { get; }

    public IMeterFactory Meters { get; }

    public IRedisJobStreamWriter Writer { get; }

    public MetricCollector<long> Writes { get; }

    public MetricCollector<long> Dropped { get; }

    public MetricCollector<long> Evicted { get; }

    public MetricCollector<long> Released { get; }

    public MetricCollector<long> Reads { get; }

    public MetricCollector<long> Resumes { get; }

    public MetricCollector<long> ReplaySize { get; }

    public static long Sum(MetricCollector<long> collector, string tag, string value) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags[tag], value)).Sum(m => m.Value);

    public void Append(params ProgressKit.Events.ProgressEvent[] events)
    {
        foreach (var progressEvent in events)
        {
            Store.Append(progressEvent);
        }
    }

    /// <summary>Awaits the background writer: everything appended so far has been answered by Redis.</summary>
    public async Task FlushAsync()
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        await Writer.FlushAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Writes.Dispose();
        Dropped.Dispose();
        Evicted.Dispose();
        Released.Dispose();
        Reads.Dispose();
        Resumes.Dispose();
        ReplaySize.Dispose();
        await _services.DisposeAsync();
    }
}
