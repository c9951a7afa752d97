using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Diagnostics;
using ProgressKit.Dispatch;
using ProgressKit.Hosting;
using ProgressKit.Jobs;
using ProgressKit.State;
using ProgressKit.Streams;
using ProgressKit.Transports;

namespace ProgressKit;

/// <summary>Registers ProgressKit in a <see cref="IServiceCollection"/>.</summary>
public static class ProgressKitServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IProgressPublisher"/>, the dispatcher, the in-memory <see cref="IJobStreamStore"/> (and
    /// <see cref="IJobStateStore"/>, its snapshot view),
    /// <see cref="IJobCancellation"/>, diagnostics and a hosted service that validates the options at start and
    /// drains the lanes at shutdown. Add transports on the returned builder; with none, the publisher is a no-op that
    /// logs one warning.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="ProgressKitOptions"/>; may be called once per registration.</param>
    /// <returns>A builder to add transports to.</returns>
    /// <remarks>Idempotent: calling it again adds only the extra <paramref name="configure"/> step.</remarks>
    public static IProgressKitBuilder AddProgressKit(this IServiceCollection services, Action<ProgressKitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ProgressKitOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProgressKitOptions>, ProgressKitOptionsValidator>());
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(FallbackLogger<>)));
        services.TryAddSingleton(sp => new ProgressKitMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new ProgressDispatcher(
            sp.GetServices<IProgressTransport>(),
            sp.GetRequiredService<IOptions<ProgressKitOptions>>(),
            sp.GetRequiredService<ProgressKitMetrics>(),
            ProgressKitLoggerFactory.From(sp)));
        services.TryAddSingleton<JobRegistry>();
        services.TryAddSingleton<IJobCancellation>(sp => sp.GetRequiredService<JobRegistry>());
        services.TryAddSingleton<IJobStreamStore>(sp =>
        {
            var value = sp.GetRequiredService<IOptions<ProgressKitOptions>>().Value;
            return new InMemoryJobStreamStore(
                value.Streams,
                value.TimeProvider,
                ProgressKitLoggerFactory.From(sp).CreateLogger<InMemoryJobStreamStore>(),
                sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
                sp.GetRequiredService<ProgressKitMetrics>());
        });
        services.TryAddSingleton<IJobStateStore>(sp => new JobStreamSnapshotStore(sp.GetRequiredService<IJobStreamStore>()));
        services.TryAddSingleton<ProgressPublisher>();
        services.TryAddSingleton<IProgressPublisher>(sp => sp.GetRequiredService<ProgressPublisher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ProgressKitHostedService>());
        return new ProgressKitBuilder(services);
    }
}
