using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Cancellation;

/// <summary>
/// Routes a hub's cancel request (after its access check) to the job wherever it runs: to what this node reaches
/// (<see cref="NodeCancellation"/>: a job handle in this process, or a remote worker publishing through this node),
/// otherwise through Redis: a flag that running job handles poll, and a pub/sub message that reaches every process's
/// <see cref="RedisCancellationListener"/> at once.
/// </summary>
internal sealed class RedisCancellationRouter(
    NodeCancellation node,
    RedisConnections connections,
    RedisKeys keys,
    ScaleOutMetrics metrics,
    IOptions<SignalRRedisScaleOutOptions> options,
    ILogger<RedisCancellationRouter> logger) : IProgressCancellationRouter
{
    private readonly TimeSpan _requestTimeToLive = options.Value.CancellationRequestTimeToLive;

    public async ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken)
    {
        if (await node.Router.RequestCancellationAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            metrics.CancelRouted("local");
            return true;
        }

        try
        {
            var connection = await connections.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

            // Both commands go out before either answer is awaited: one round trip. The flag first, so that a worker
            // that gets the message and misses nothing else still finds the request when it polls.
            var recorded = connection.GetDatabase().StringSetAsync(keys.CancelFlag(jobId), jobId, _requestTimeToLive);
            var published = connection.GetSubscriber().PublishAsync(keys.CancelChannel, jobId);
            await Task.WhenAll(recorded, published).WaitAsync(cancellationToken).ConfigureAwait(false);
            metrics.CancelRouted("redis");
            Log.CancelForwarded(logger, jobId, published.Result);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.CancelRouted("failed");
            throw;
        }
    }
}
