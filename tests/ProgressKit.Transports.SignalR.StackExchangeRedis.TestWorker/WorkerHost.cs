using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

/// <summary>The worker's host: no Kestrel, ProgressKit with the SignalR transport over the Redis backplane.</summary>
public static class WorkerHost
{
    private static int s_deadLetters;

    /// <summary>Gets how many events the worker's transports finally failed to deliver.</summary>
    public static int DeadLetters => Volatile.Read(ref s_deadLetters);

    public static IHost Build(string redisConfiguration, Action<ProgressKitOptions>? progressKit = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("PROGRESSKIT_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug);
        }

        // The composition the scale-out guide shows for a worker: the SignalR server services (for IHubContext) and the
        // transport, on the Redis backplane that AddSignalRRedisScaleOut adds.
        builder.Services.AddSignalR();
        builder.Services
            .AddProgressKit(o =>
            {
                o.Source = "test-worker";
                o.CancellationPollInterval = TimeSpan.FromMilliseconds(200);
                o.OnDeadLetter = _ => Interlocked.Increment(ref s_deadLetters);

                // A retry window of well over 20 s, so that a Redis restart never exhausts it in the tests.
                o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
                o.Resilience.MaxRetryAttempts = 20;
                o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                o.Resilience.RetryMaxDelay = TimeSpan.FromSeconds(1);
                o.Resilience.CircuitBreakDuration = TimeSpan.FromSeconds(1);
                progressKit?.Invoke(o);
            })
            .AddSignalRTransport()
            .AddSignalRRedisScaleOut(o =>
            {
                o.Configuration = redisConfiguration;
                o.OperationTimeout = TimeSpan.FromSeconds(2);
                o.ConnectTimeout = TimeSpan.FromSeconds(2);
            });
        var host = builder.Build();

        // Resolving the hub context here creates the backplane, so it connects before the first job publishes.
        _ = host.Services.GetRequiredService<IHubContext<ProgressHub>>();
        return host;
    }
}
