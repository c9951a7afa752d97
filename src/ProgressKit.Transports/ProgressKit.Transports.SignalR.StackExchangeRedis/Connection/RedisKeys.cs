using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;

/// <summary>
/// The names of the scale-out's own Redis keys and channels (cancellation and the replay's probe), under
/// <see cref="SignalRRedisScaleOutOptions.KeyPrefix"/>; the jobs' keys are the shared job stream store's.
/// </summary>
internal sealed class RedisKeys(IOptions<SignalRRedisScaleOutOptions> options)
{
    private readonly string _cancelPrefix = options.Value.KeyPrefix + "cancel:";

    /// <summary>Gets the channel cancel requests are published on.</summary>
    public RedisChannel CancelChannel { get; } = RedisChannel.Literal(options.Value.KeyPrefix + "cancel");

    /// <summary>Gets the prefix of the channel each node subscribes on its backplane connection to know its subscriptions are back.</summary>
    public string ProbeChannelPrefix { get; } = options.Value.KeyPrefix + "probe:";

    /// <summary>Returns the flag that records a cancel request for a job.</summary>
    public RedisKey CancelFlag(string jobId) => _cancelPrefix + jobId;
}
