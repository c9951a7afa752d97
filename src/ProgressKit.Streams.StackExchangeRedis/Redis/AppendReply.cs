namespace ProgressKit.Streams.StackExchangeRedis.Redis;

/// <summary>What the append script answered: <see cref="StreamScripts.Stored"/> or why not, what it evicted, and how many other jobs the job-count cap and the total-bytes cap released.</summary>
internal readonly record struct AppendReply(long Answer, long EvictedByCount, long EvictedByBytes, long Cleared, long Released, long ReleasedByTotalBytes);
