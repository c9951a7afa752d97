namespace ProgressKit.Streams.StackExchangeRedis.Redis;

/// <summary>What the append script answered: <see cref="StreamScripts.Stored"/> or why not, and what it evicted.</summary>
internal readonly record struct AppendReply(long Answer, long EvictedByCount, long EvictedByBytes, long Cleared);
