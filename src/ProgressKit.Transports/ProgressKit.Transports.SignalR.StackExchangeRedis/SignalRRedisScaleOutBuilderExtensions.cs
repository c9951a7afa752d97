using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProgressKit.Streams.StackExchangeRedis;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Cancellation;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Replay;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Streams;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis;

/// <summary>Runs ProgressKit's SignalR transport and hub across several web nodes and worker processes on one Redis.</summary>
public static class SignalRRedisScaleOutBuilderExtensions
{
    /// <summary>
    /// Adds Redis scale-out to the SignalR transport, in web nodes and in worker services alike: the SignalR Redis
    /// backplane (so an event published in any process reaches subscribers on every node), the shared job stream log
    /// of <c>ProgressKit.Streams.StackExchangeRedis</c> as the one store of every job (a client that resumes on any
    /// node gets gaplessly what was published in any process; late joiners and <c>RequestStatus</c> on any node see
    /// the job's newest event, and the access policy its owner; each group send waits until the log holds its event,
    /// and each event is written to Redis once), cross-process cancellation (a hub's <c>CancelJob</c> on any node
    /// reaches the job in whichever process runs it), and snapshot replay to a node's subscribers when its backplane subscriptions come back after an outage.
    /// Also adds the SignalR transport when it is not added yet.
    /// </summary>
    /// <param name="builder">The ProgressKit builder.</param>
    /// <param name="configure">Configures <see cref="SignalRRedisScaleOutOptions"/>; <see cref="SignalRRedisScaleOutOptions.Configuration"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// <para>There is no need to call SignalR's <c>AddStackExchangeRedis</c>: the backplane is added here and connects with
    /// these settings (it never fails on a missing Redis, bounded timeouts, short reconnect delays). If the application
    /// calls it too, its channel prefix is kept; a <c>ConnectionFactory</c> of its own is kept as well, but then snapshots
    /// are not replayed after the backplane reconnects.</para>
    /// <para>Redis being away never fails a job or the host's start: events wait in the dispatcher and are retried (see
    /// <c>docs/scale-out.md</c> for what is and is not guaranteed across an outage). Idempotent: calling it again adds
    /// only the extra <paramref name="configure"/> step.</para>
    /// </remarks>
    public static IProgressKitBuilder AddSignalRRedisScaleOut(this IProgressKitBuilder builder, Action<SignalRRedisScaleOutOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SignalRRedisScaleOutOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(static d => d.ServiceType == typeof(ScaleOutMarker)))
        {
            return builder;
        }

        services.AddSingleton<ScaleOutMarker>();
        builder.AddSignalRTransport();
        services.AddSignalR().AddStackExchangeRedis();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalRRedisScaleOutOptions>, SignalRRedisScaleOutOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<RedisOptions>, BackplaneConnectionSetup>());
        services.TryAddSingleton<RedisConnections>();
        services.TryAddSingleton<RedisKeys>();
        services.TryAddSingleton(static sp => new ScaleOutMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));

        // One store: every node reads one log of each job's events in Redis (a client resumes gaplessly on any node,
        // whoever published), and the core's default IJobStateStore, the snapshot view of that store, answers
        // Subscribe, RequestStatus, the access policy and the replay from it. Each event is written to Redis once.
        builder.AddRedisJobStreamStore();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<RedisJobStreamStoreOptions>, StreamStoreSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProgressSendBarrier, RedisStreamBarrier>());

        // Decorates the router registered so far (the SignalR transport's, or the application's) rather than losing it.
        var nodeRouter = services.Last(static d => d.ServiceType == typeof(IProgressCancellationRouter));
        services.TryAddSingleton(sp => NodeCancellation.Create(sp, nodeRouter));
        services.Replace(ServiceDescriptor.Singleton<IProgressCancellationRouter, RedisCancellationRouter>());
        builder.AddCancellationRequestSource<RedisCancellationRequestSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisCancellationListener>());

        services.TryAddSingleton<LocalSubscriptionTracker>();
        // A global filter (it looks at ProgressHub calls only): per-hub filter lists are copies of the global one taken
        // when the hub's options are first built, so a global filter is what survives any registration order.
        services.Configure<HubOptions>(static o => o.AddFilter<LocalSubscriptionTracker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SubscriptionReplayService>());
        return builder;
    }
}
