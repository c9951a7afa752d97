using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Serialization;
using ProgressKit.State;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Replay;

/// <summary>
/// Closes the gap the SignalR Redis backplane leaves after a reconnection: until a node has subscribed its channels
/// again, events published to them are accepted by Redis and reach nobody on that node, silently. When the node's
/// backplane subscriptions are back, this sends each of its connections the newest snapshot of every job it
/// subscribed to (straight to the connection, not through Redis), so no subscriber waits forever for a terminal
/// event it missed. Clients skip what they already have by <c>seq</c>.
/// </summary>
/// <remarks>
/// The snapshot is read (through <see cref="IJobStateStore"/>, the snapshot view of the shared job stream store) after
/// the node's own probe channel works again, that is after its subscriptions were sent again; an event published
/// before that was in the shared log before it was sent (see <see cref="Streams.RedisStreamBarrier"/>), so the read
/// sees it or a newer one. A second pass a moment later covers subscriptions restored after the probe's.
/// </remarks>
internal sealed class SubscriptionReplayService(
    RedisConnections connections,
    RedisKeys keys,
    LocalSubscriptionTracker tracker,
    IJobStateStore store,
    IServiceProvider services,
    ScaleOutMetrics metrics,
    IOptions<ProgressKitOptions> progressKitOptions,
    ILogger<SubscriptionReplayService> logger) : IHostedService, IDisposable
{
    /// <summary>How often the probe is published while waiting for the subscriptions to come back.</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How long to wait for the probe before replaying anyway.</summary>
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The delay before the second replay pass.</summary>
    internal static readonly TimeSpan SecondPassDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _timeProvider = progressKitOptions.Value.TimeProvider;
    private readonly RedisChannel _probe = RedisChannel.Literal(keys.ProbeChannelPrefix + Guid.NewGuid().ToString("N"));
    private int _replaying;

    /// <summary>Raised after each replay pass with the number of snapshots sent; for tests.</summary>
    internal event Action<int>? PassCompleted;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        connections.BackplaneCreated += Attach;
        if (connections.Backplane is { } backplane)
        {
            Attach(backplane);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        connections.BackplaneCreated -= Attach;
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Runs the replay now, as after a reconnection; for tests.</summary>
    internal Task ReplayNowAsync() => connections.Backplane is { } backplane ? ReplayAsync(backplane) : Task.CompletedTask;

    private void Attach(IConnectionMultiplexer backplane)
    {
        // Subscribed through the backplane's own connection: when a publish to it reaches a subscriber again, this
        // node's subscriptions have been sent again.
        _ = backplane.GetSubscriber().SubscribeAsync(_probe, static (_, _) => { }).ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        backplane.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription && Interlocked.CompareExchange(ref _replaying, 1, 0) == 0)
            {
                _ = RunReplayAsync(backplane);
            }
        };
    }

    private async Task RunReplayAsync(IConnectionMultiplexer backplane)
    {
        try
        {
            await ReplayAsync(backplane).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            // Fire-and-forget from a connection event: nothing else would observe this. The next reconnection replays again.
            Log.BackgroundWorkFailed(logger, "subscription_replay", exception);
        }
        finally
        {
            Volatile.Write(ref _replaying, 0);
        }
    }

    private async Task ReplayAsync(IConnectionMultiplexer backplane)
    {
        await WaitForSubscriptionsAsync(backplane).ConfigureAwait(false);
        await ReplayPassAsync().ConfigureAwait(false);
        await Task.Delay(SecondPassDelay, _timeProvider, _stopping.Token).ConfigureAwait(false);
        await ReplayPassAsync().ConfigureAwait(false);
    }

    private async Task WaitForSubscriptionsAsync(IConnectionMultiplexer backplane)
    {
        var started = _timeProvider.GetTimestamp();
        while (_timeProvider.GetElapsedTime(started) < ProbeTimeout)
        {
            try
            {
                if (await backplane.GetSubscriber().PublishAsync(_probe, "probe").ConfigureAwait(false) > 0)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Not connected again yet.
            }

            await Task.Delay(ProbeInterval, _timeProvider, _stopping.Token).ConfigureAwait(false);
        }

        Log.ProbeTimedOut(logger, ProbeTimeout.TotalMilliseconds);
    }

    private async Task ReplayPassAsync()
    {
        var sent = 0;
        if (!tracker.IsEmpty)
        {
            var hub = services.GetRequiredService<IHubContext<ProgressHub>>();
            foreach (var (connectionId, jobId) in tracker.Subscriptions())
            {
                _stopping.Token.ThrowIfCancellationRequested();
                try
                {
                    if (await store.GetAsync(jobId, _stopping.Token).ConfigureAwait(false) is { } snapshot)
                    {
                        var payload = JsonSerializer.SerializeToElement(snapshot, ProgressEventSerializer.EventTypeInfo);
                        await hub.Clients.Client(connectionId).SendAsync(ProgressHub.ClientMethod, payload, _stopping.Token).ConfigureAwait(false);
                        sent++;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.ReplayFailed(logger, jobId, connectionId, exception);
                }
            }

            metrics.Replayed(sent);
            Log.Replayed(logger, sent);
        }

        PassCompleted?.Invoke(sent);
    }
}
