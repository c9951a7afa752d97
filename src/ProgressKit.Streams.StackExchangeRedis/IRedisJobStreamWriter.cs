namespace ProgressKit.Streams.StackExchangeRedis;

/// <summary>
/// The Redis job stream store's background writer, for transports that must not send an event before other processes
/// can read it from Redis (a client that resumes on another node then finds it in the shared log).
/// </summary>
public interface IRedisJobStreamWriter
{
    /// <summary>Completes when Redis has answered the write of every event appended before the call (stored, or refused as not after the job's position).</summary>
    /// <param name="cancellationToken">Stops waiting; the writes go on.</param>
    /// <returns>A task that completes when the writes are answered. While Redis is away it completes once Redis is back and the writes succeeded.</returns>
    /// <remarks>Thread-safe. Waiting costs one queue entry; the writer answers every waiter after the batch that holds the events before it.</remarks>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
