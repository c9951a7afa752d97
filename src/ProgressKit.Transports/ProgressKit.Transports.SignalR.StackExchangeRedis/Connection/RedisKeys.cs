using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;

/// <summary>The names of ProgressKit's Redis keys and channels, under <see cref="SignalRRedisScaleOutOptions.KeyPrefix"/>.</summary>
internal sealed class RedisKeys(IOptions<SignalRRedisScaleOutOptions> options)
{
    // One hash tag for a job's snapshot and the index: the Lua script touches both, which Redis Cluster allows only
    // within one slot.
    private readonly string _snapshotPrefix = options.Value.KeyPrefix + "{snapshots}:job:";
    private readonly string _cancelPrefix = options.Value.KeyPrefix + "cancel:";

    /// <summary>Gets the sorted set of job ids by their newest event's time, which bounds the store.</summary>
    public RedisKey SnapshotIndex { get; } = options.Value.KeyPrefix + "{snapshots}:index";

    /// <summary>Gets the prefix the Lua script puts before an evicted job id to delete its snapshot.</summary>
    public string SnapshotPrefix => _snapshotPrefix;

    /// <summary>Gets the channel cancel requests are published on.</summary>
    public RedisChannel CancelChannel { get; } = RedisChannel.Literal(options.Value.KeyPrefix + "cancel");

    /// <summary>Gets the prefix of the channel each node subscribes on its backplane connection to know its subscriptions are back.</summary>
    public string ProbeChannelPrefix { get; } = options.Value.KeyPrefix + "probe:";

    /// <summary>Returns the hash holding a job's newest event and its seq.</summary>
    public RedisKey Snapshot(string jobId) => _snapshotPrefix + jobId;

    /// <summary>Returns the flag that records a cancel request for a job.</summary>
    public RedisKey CancelFlag(string jobId) => _cancelPrefix + jobId;
}
