using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.State;

/// <summary>
/// The Redis side of the snapshot store. A snapshot is a hash <c>{seq, event}</c> with a TTL, plus a member in a sorted
/// set index scored by the event's time, which bounds how many snapshots Redis keeps.
/// </summary>
internal static class SnapshotScripts
{
    /// <summary>The hash field holding the wire format v1 event.</summary>
    public const string EventField = "event";

    /// <summary>
    /// Stores the event unless Redis holds a newer one (one atomic step, so racing writers never let an older seq
    /// win), refreshes the TTL, indexes the job, drops index entries older than the TTL and evicts the least recently
    /// published jobs past the bound. Returns the seq Redis holds afterwards.
    /// </summary>
    /// <remarks>
    /// KEYS[1] snapshot hash, KEYS[2] index. ARGV: seq, event, ttl ms, event time ms (score), expiry cutoff ms,
    /// max snapshots, job id, snapshot key prefix (for evicted ids).
    /// </remarks>
    public const string SetIfNewer = """
        local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
        local seq = tonumber(ARGV[1])
        if current >= seq then
          return current
        end
        redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'event', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[7])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[5])
        local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[6])
        if excess > 0 then
          local evicted = redis.call('ZPOPMIN', KEYS[2], excess)
          for i = 1, #evicted, 2 do
            redis.call('DEL', ARGV[8] .. evicted[i])
          end
        end
        return seq
        """;

    /// <summary>Runs <see cref="SetIfNewer"/> for <paramref name="progressEvent"/>; returns the seq Redis holds.</summary>
    public static async Task<long> SetAsync(IDatabaseAsync database, RedisKeys keys, ProgressEvent progressEvent, TimeSpan timeToLive, int maxSnapshots, DateTimeOffset now)
    {
        RedisKey[] scriptKeys = [keys.Snapshot(progressEvent.JobId), keys.SnapshotIndex];
        RedisValue[] values =
        [
            progressEvent.Sequence,
            ProgressEventSerializer.SerializeToUtf8Bytes(progressEvent),
            (long)timeToLive.TotalMilliseconds,
            progressEvent.Timestamp.ToUnixTimeMilliseconds(),
            (now - timeToLive).ToUnixTimeMilliseconds(),
            maxSnapshots,
            progressEvent.JobId,
            keys.SnapshotPrefix,
        ];

        // SE.Redis sends EVALSHA and falls back to EVAL once per server when the script is not cached there.
        var result = await database.ScriptEvaluateAsync(SetIfNewer, scriptKeys, values).ConfigureAwait(false);
        return (long)result;
    }

    /// <summary>Reads a job's stored event bytes, or <see langword="null"/>.</summary>
    public static async Task<byte[]?> GetAsync(IDatabaseAsync database, RedisKeys keys, string jobId)
    {
        var value = await database.HashGetAsync(keys.Snapshot(jobId), EventField).ConfigureAwait(false);
        return value.IsNull ? null : (byte[]?)value;
    }
}
