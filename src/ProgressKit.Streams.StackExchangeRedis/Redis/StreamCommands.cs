using System.Globalization;
using ProgressKit.Events;
using ProgressKit.Serialization;
using StackExchange.Redis;

namespace ProgressKit.Streams.StackExchangeRedis.Redis;

/// <summary>Runs the stream scripts (<see cref="StreamScripts"/>) and reads their replies.</summary>
internal static class StreamCommands
{
    /// <summary>Appends <paramref name="progressEvent"/> to its job's shared stream in one atomic step.</summary>
    public static async Task<AppendReply> AppendAsync(IDatabaseAsync database, StreamKeys keys, ProgressEvent progressEvent, JobStreamStoreOptions bounds, int maxJobs, long maxTotalBytes)
    {
        var chunk = progressEvent.Chunk;
        var timeToLive = progressEvent.IsTerminal ? bounds.FinishedJobRetention : bounds.IdleTimeToLive;
        RedisValue[] values =
        [
            progressEvent.Epoch ?? string.Empty,
            progressEvent.Sequence,
            progressEvent.KeptSequence ?? 0,
            ProgressEventSerializer.SerializeToUtf8Bytes(progressEvent),
            chunk?.Stream ?? string.Empty,
            chunk?.Index ?? 0,
            chunk?.Text ?? string.Empty,
            chunk?.Text.Length ?? 0,
            bounds.MaxEventsPerJob,
            bounds.MaxBytesPerJob,
            bounds.MaxStreamTextLength,
            bounds.MaxStreamsPerJob,
            (long)timeToLive.TotalMilliseconds,
            maxJobs,
            progressEvent.JobId,
            keys.JobPrefix,
            maxTotalBytes,
        ];

        // SE.Redis sends EVALSHA and falls back to EVAL once per server when the script is not cached there.
        var reply = (RedisResult[])(await database.ScriptEvaluateAsync(StreamScripts.Append, keys.ForAppend(progressEvent.JobId), values).ConfigureAwait(false))!;
        return new AppendReply((long)reply[0], (long)reply[1], (long)reply[2], (long)reply[3], (long)reply[4], (long)reply[5]);
    }

    /// <summary>Reads the job's newest event alone (one <c>HGET</c> of its meta key), or <see langword="null"/> when Redis does not hold the job.</summary>
    public static async Task<ProgressEvent?> ReadSnapshotAsync(IDatabaseAsync database, StreamKeys keys, string jobId)
    {
        var json = await database.HashGetAsync(keys.Of(jobId)[0], "event").ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : ProgressEventSerializer.Deserialize((byte[])json!);
    }

    /// <summary>Reads what Redis holds of a job for a resume from <paramref name="cursor"/> (or a read of its state without one).</summary>
    public static async Task<RedisStreamRead?> ReadAsync(IDatabaseAsync database, StreamKeys keys, string jobId, JobStreamCursor? cursor, int maxReplay)
    {
        RedisValue[] values = cursor is { } c
            ? ["cursor", c.Epoch ?? string.Empty, c.AfterSequence, maxReplay]
            : ["none", string.Empty, 0, maxReplay];
        var reply = (RedisResult[])(await database.ScriptEvaluateAsync(StreamScripts.Read, keys.Of(jobId), values).ConfigureAwait(false))!;
        if (reply.Length == 0)
        {
            return null;
        }

        var position = new JobStreamPosition((string)reply[0]!, Long(reply[1]), Long(reply[2]));
        var snapshot = ProgressEventSerializer.Deserialize((byte[])reply[3]!);
        var outcome = (long)reply[4] switch
        {
            0 => ResumeOutcome.Gapless,
            2 => ResumeOutcome.NewEpoch,
            _ => ResumeOutcome.Truncated,
        };
        var events = ((RedisResult[])reply[5]!).Select(static e => ProgressEventSerializer.Deserialize((byte[])e!)).ToArray();
        return new RedisStreamRead(outcome, position, snapshot, events, ReadTexts((RedisResult[])reply[6]!));
    }

    private static long Long(RedisResult value) => long.Parse((string)value!, NumberStyles.None, CultureInfo.InvariantCulture);

    // The text hash's fields: t:{name} text, n:{name} next index, c:{name} cut ("1"), plus the job's totals.
    private static Dictionary<string, JobStreamText> ReadTexts(RedisResult[] fields)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = new Dictionary<string, long>(StringComparer.Ordinal);
        var cut = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var field = (string)fields[i]!;
            var value = (string)fields[i + 1]!;
            if (field.StartsWith("t:", StringComparison.Ordinal))
            {
                texts[field[2..]] = value;
            }
            else if (field.StartsWith("n:", StringComparison.Ordinal))
            {
                next[field[2..]] = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (field.StartsWith("c:", StringComparison.Ordinal) && value == "1")
            {
                cut.Add(field[2..]);
            }
        }

        var streams = new Dictionary<string, JobStreamText>(texts.Count, StringComparer.Ordinal);
        foreach (var (name, text) in texts)
        {
            streams.Add(name, new JobStreamText(text, next.GetValueOrDefault(name), cut.Contains(name)));
        }

        return streams;
    }
}
