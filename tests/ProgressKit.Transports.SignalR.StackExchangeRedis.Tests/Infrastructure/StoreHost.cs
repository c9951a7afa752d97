using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.State;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

/// <summary>A process's scale-out services without a host: the Redis snapshot store and what it needs, resolved from a container.</summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public StoreHost(string redisConfiguration, Action<SignalRRedisScaleOutOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging().AddMetrics();
        services.AddProgressKit().AddSignalRRedisScaleOut(o =>
        {
            o.Configuration = redisConfiguration;
            o.OperationTimeout = TimeSpan.FromSeconds(1);
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        _provider = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _provider;

    internal RedisJobStateStore Store => _provider.GetRequiredService<RedisJobStateStore>();

    public static ProgressEvent Event(string jobId, long sequence, DateTimeOffset? timestamp = null, string? userId = "alice") => new()
    {
        Type = ProgressEventType.ProgressUpdate,
        JobId = jobId,
        Sequence = sequence,
        Timestamp = timestamp ?? DateTimeOffset.UtcNow,
        Status = JobStatus.Processing,
        Progress = sequence,
        UserId = userId,
    };

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
