using StackExchange.Redis;

namespace ProgressKit.Streams.StackExchangeRedis.Redis;

/// <summary>
/// The keys of one job's shared stream: <c>{prefix}{streams}:job:{jobId}:meta</c> (position, newest event, log size),
/// <c>...:log</c> (the events, oldest first) and <c>...:text</c> (the chunk streams' text). The <c>{streams}</c> hash
/// tag keeps a job's keys in one Redis Cluster slot, so one script may touch all three.
/// </summary>
internal sealed class StreamKeys(string keyPrefix)
{
    private readonly string _jobPrefix = keyPrefix + "{streams}:job:";

    public RedisKey[] Of(string jobId)
    {
        var job = _jobPrefix + jobId;
        return [job + ":meta", job + ":log", job + ":text"];
    }
}
