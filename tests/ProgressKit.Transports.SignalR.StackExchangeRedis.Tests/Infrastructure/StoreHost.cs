using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

/// <summary>A process's scale-out services without a host (publisher, shared job stream store, cancellation), resolved from a container.</summary>
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

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
