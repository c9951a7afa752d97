using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Cancellation;

/// <summary>
/// Subscribes at start to the cancel requests of every node's hub and hands each to this process's job handles
/// (<see cref="NodeCancellation"/>: a job handle in this process, or a remote worker publishing through this node's
/// hub); the job publishes <c>job_cancelled</c> and its token fires.
/// </summary>
/// <remarks>
/// Never delays or fails the host's start: when Redis is away it keeps subscribing in the background. Requests
/// published while this process was not subscribed are found by the job handles' polling of the request flags.
/// </remarks>
internal sealed class RedisCancellationListener(
    NodeCancellation node,
    RedisConnections connections,
    RedisKeys keys,
    ScaleOutMetrics metrics,
    IOptions<ProgressKitOptions> progressKitOptions,
    ILogger<RedisCancellationListener> logger) : IHostedService, IDisposable
{
    /// <summary>The delay between subscribe attempts while Redis is away.</summary>
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _timeProvider = progressKitOptions.Value.TimeProvider;
    private Task? _subscribing;

    /// <summary>Gets a task that completes when the subscription is in place; for tests.</summary>
    internal Task Subscribed => _subscribing ?? Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscribing = SubscribeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (connections.TryGetConnected(out var connection))
        {
            try
            {
                await connection.GetSubscriber().UnsubscribeAsync(keys.CancelChannel).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException or OperationCanceledException)
            {
                // Stopping anyway; Redis drops the subscription with the connection.
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var connection = await connections.GetAsync().WaitAsync(stopping).ConfigureAwait(false);
                await connection.GetSubscriber().SubscribeAsync(keys.CancelChannel, OnRequest).WaitAsync(stopping).ConfigureAwait(false);
                Log.CancelSubscribed(logger);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.CancelSubscribeFailed(logger, RetryDelay.TotalMilliseconds, exception);
                try
                {
                    await Task.Delay(RetryDelay, _timeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // A failed subscribe may still be restored by StackExchange.Redis and then retried here: a request can arrive twice,
    // which is harmless because cancelling a job is idempotent.
    private void OnRequest(RedisChannel channel, RedisValue message)
    {
        var jobId = (string?)message;
        if (JobId.IsValid(jobId))
        {
            _ = DeliverAsync(jobId);
        }
    }

    private async Task DeliverAsync(string jobId)
    {
        try
        {
            if (!await node.Router.RequestCancellationAsync(jobId, _stopping.Token).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (Exception exception)
        {
            Log.CancelDeliveryFailed(logger, jobId, exception);
            return;
        }

        metrics.CancelReceived();
        Log.CancelReceived(logger, jobId);
        if (connections.TryGetConnected(out var connection))
        {
            // The job is cancelled: its request flag has done its work.
            _ = connection.GetDatabase().KeyDeleteAsync(keys.CancelFlag(jobId), CommandFlags.FireAndForget);
        }
    }
}
