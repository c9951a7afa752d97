using ProgressKit.Jobs;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Cancellation;

/// <summary>
/// Lets running job handles find cancel requests they missed on pub/sub (for example while their connection to Redis
/// was down): each handle checks its job's request flag every <see cref="ProgressKitOptions.CancellationPollInterval"/>.
/// </summary>
/// <remarks>Quiet while Redis is away: it answers "not requested" without waiting, and the next poll asks again.</remarks>
internal sealed class RedisCancellationRequestSource(RedisConnections connections, RedisKeys keys) : IJobCancellationRequestSource
{
    public async ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!connections.TryGetConnected(out var connection))
        {
            return false;
        }

        return await connection.GetDatabase().KeyExistsAsync(keys.CancelFlag(jobId)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
