namespace ProgressKit.Streams.StackExchangeRedis;

/// <summary>Registered once by <see cref="RedisJobStreamStoreBuilderExtensions.AddRedisJobStreamStore"/>, so calling it again adds nothing but its configure step.</summary>
internal sealed class RedisJobStreamStoreMarker;
