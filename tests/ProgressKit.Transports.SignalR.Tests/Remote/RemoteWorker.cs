extern alias client;

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Dispatch;
using client::ProgressKit.Transports.SignalR.Client;

namespace ProgressKit.Transports.SignalR.Tests.Remote;

/// <summary>A worker process stand-in: ProgressKit with only the remote SignalR transport, pointed at a test hub.</summary>
public sealed class RemoteWorker : IAsyncDisposable
{
    public const string Key = "remote-worker-key-0123456789";

    private readonly ServiceProvider _provider;

    public RemoteWorker(Uri hubUrl, string key = Key, Action<SignalRClientTransportOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable("PROGRESSKIT_TEST_LOGS") == "1")
            {
                logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            }
        });
        services
            .AddProgressKit(o =>
            {
                o.OnDeadLetter = DeadLetters.Add;

                // Each attempt waits for the connection up to AttemptTimeout, and 10 retries a few seconds apart
                // cover a hub restart many times over, so the test never depends on a tight window.
                o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
                o.Resilience.MaxRetryAttempts = 10;
                o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                o.Resilience.RetryMaxDelay = TimeSpan.FromSeconds(1);
                o.Resilience.CircuitBreakDuration = TimeSpan.FromSeconds(1);
            })
            .AddSignalRClientTransport(o =>
            {
                o.HubUrl = hubUrl;
                o.PublisherKey = key;
                o.ReconnectBaseDelay = TimeSpan.FromMilliseconds(50);
                o.ReconnectMaxDelay = TimeSpan.FromMilliseconds(500);
                configure?.Invoke(o);
            });
        _provider = services.BuildServiceProvider();
    }

    public ConcurrentBag<DeadLetter> DeadLetters { get; } = [];

    public IProgressPublisher Publisher => _provider.GetRequiredService<IProgressPublisher>();

    public IProgressTransport Transport => _provider.GetServices<IProgressTransport>().Single();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
