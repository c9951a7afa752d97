using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ProgressKit.Streams.StackExchangeRedis;

/// <summary>Shares ProgressKit's job stream store between processes through Redis.</summary>
public static class RedisJobStreamStoreBuilderExtensions
{
    /// <summary>
    /// Replaces the job stream store with one shared through Redis: every process that publishes or serves a job
    /// reads one log of its events, its newest event and its chunk streams' text, so a client resumes gaplessly on
    /// any node, whichever process published the events. The store registered before (the in-memory one) stays as
    /// this process's copy.
    /// </summary>
    /// <param name="builder">The ProgressKit builder.</param>
    /// <param name="configure">Configures <see cref="RedisJobStreamStoreOptions"/>; <see cref="RedisJobStreamStoreOptions.Configuration"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// <para>Publishing never waits for Redis and never fails because of it: events are recorded in this process and
    /// written to Redis in the background, in order per job. The log's bounds and lifetimes are
    /// <see cref="ProgressKitOptions.Streams"/>; in Redis a job's keys expire <see cref="JobStreamStoreOptions.FinishedJobRetention"/>
    /// after its terminal event, <see cref="JobStreamStoreOptions.IdleTimeToLive"/> after its newest otherwise.</para>
    /// <para>Idempotent: calling it again adds only the extra <paramref name="configure"/> step.</para>
    /// </remarks>
    public static IProgressKitBuilder AddRedisJobStreamStore(this IProgressKitBuilder builder, Action<RedisJobStreamStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<RedisJobStreamStoreOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(static d => d.ServiceType == typeof(RedisJobStreamStoreMarker)))
        {
            return builder;
        }

        services.AddSingleton<RedisJobStreamStoreMarker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisJobStreamStoreOptions>, RedisJobStreamStoreOptionsValidator>());

        // The store registered so far (the in-memory one, or the application's) becomes this process's copy.
        var local = services.Last(static d => d.ServiceType == typeof(IJobStreamStore));
        services.TryAddSingleton(sp =>
        {
            var core = sp.GetRequiredService<IOptions<ProgressKitOptions>>().Value;
            return new RedisJobStreamStore(
                CreateLocal(sp, local),
                core.Streams,
                sp.GetRequiredService<IOptions<RedisJobStreamStoreOptions>>().Value,
                core.TimeProvider,
                sp.GetRequiredService<ILogger<RedisJobStreamStore>>(),
                sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        services.Replace(ServiceDescriptor.Singleton<IJobStreamStore>(static sp => sp.GetRequiredService<RedisJobStreamStore>()));
        services.TryAddSingleton<IRedisJobStreamWriter>(static sp => sp.GetRequiredService<RedisJobStreamStore>());
        return builder;
    }

    private static IJobStreamStore CreateLocal(IServiceProvider services, ServiceDescriptor descriptor) =>
        (IJobStreamStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
