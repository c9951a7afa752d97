using StackExchange.Redis;

namespace ProgressKit.Streams.StackExchangeRedis.Redis;

/// <summary>
/// The keys of one job's shared stream: <c>{prefix}{streams}:job:{jobId}:meta</c> (position, newest event, log size),
/// <c>...:log</c> (the events, oldest first) and <c>...:text</c> (the chunk streams' text). The <c>{streams}</c> hash
/// tag keeps every job's keys and the jobs' index (<c>{prefix}{streams}:index</c>, which caps how many jobs Redis
/// holds) and their sizes (<c>{prefix}{streams}:sizes</c>, which caps their bytes) in one Redis Cluster slot, so one script may touch a job, the index and the jobs the cap evicts.
/// </summary>
internal sealed class StreamKeys(string keyPrefix)
{
    private readonly RedisKey _index = keyPrefix + "{streams}:index";
    private readonly RedisKey _sizes = keyPrefix + "{streams}:sizes";

    /// <summary>Gets the prefix of every job's keys, followed by the job id.</summary>
    public string JobPrefix { get; } = keyPrefix + "{streams}:job:";

    /// <summary>Returns the job's meta, log and text keys, what a read touches.</summary>
    public RedisKey[] Of(string jobId)
    {
        var job = JobPrefix + jobId;
        return [job + ":meta", job + ":log", job + ":text"];
    }

    /// <summary>Returns the job's keys, the jobs' index and their sizes, what an append touches.</summary>
    public RedisKey[] ForAppend(string jobId)
    {
        var job = JobPrefix + jobId;
        return [job + ":meta", job + ":log", job + ":text", _index, _sizes];
    }
}
