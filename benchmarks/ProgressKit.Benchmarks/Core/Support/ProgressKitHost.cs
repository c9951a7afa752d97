using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Dispatch;
using ProgressKit.Transports;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>A ProgressKit publisher wired exactly as an application wires it (<c>AddProgressKit</c>), with one transport.</summary>
internal sealed class ProgressKitHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ProgressKitHost(ServiceProvider provider)
    {
        _provider = provider;
        Publisher = provider.GetRequiredService<IProgressPublisher>();
    }

    public IProgressPublisher Publisher { get; }

    /// <summary>Gets the container, to reach what the publisher was built with (its job stream store).</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Gets the dispatcher behind the publisher, to enqueue prebuilt events (dispatcher-only measurements).</summary>
    internal ProgressDispatcher Dispatcher => _provider.GetRequiredService<ProgressDispatcher>();

    public static ProgressKitHost Start(
        IProgressTransport transport,
        Action<ProgressKitOptions>? configure = null,
        Action<IProgressKitBuilder>? extend = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddProgressKit(configure).AddTransport(_ => transport);
        extend?.Invoke(builder);
        return new ProgressKitHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
