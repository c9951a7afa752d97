using System.Collections.Concurrent;

namespace ProgressKit.Transports.ApiGateway.FanOut;

/// <summary>
/// Remembers which connections already got an event whose fan-out partly failed, so that the dispatcher's retry of
/// the event posts only to the rest: a retry never duplicates a message on a connection that had it.
/// </summary>
/// <remarks>The dispatcher sends one event per job at a time, so one slot per job is enough, and a slot exists only
/// between a partly failed attempt and the event's next attempt: the common path (everyone got it) allocates nothing.
/// Bounded: beyond <see cref="MaxJobs"/> slots it starts over, which at worst repeats a message (clients ignore a
/// <c>seq</c> they already applied).</remarks>
internal sealed class DeliveryTracker
{
    internal const int MaxJobs = 10_000;

    private readonly ConcurrentDictionary<string, Attempt> _attempts = new(StringComparer.Ordinal);

    internal int Count => _attempts.Count;

    /// <summary>Returns the connections that got this event on an earlier, partly failed attempt; null on a first attempt.</summary>
    public Attempt? Find(string jobId, long sequence)
    {
        if (_attempts.IsEmpty || !_attempts.TryGetValue(jobId, out var attempt))
        {
            return null;
        }

        if (attempt.Sequence == sequence)
        {
            return attempt;
        }

        // A slot of an older event the dispatcher gave up on: it will never be retried.
        _attempts.TryRemove(jobId, out _);
        return null;
    }

    /// <summary>Keeps an attempt that failed for some connections, for the event's next attempt.</summary>
    public void Remember(string jobId, Attempt attempt)
    {
        if (_attempts.Count >= MaxJobs)
        {
            _attempts.Clear();
        }

        _attempts[jobId] = attempt;
    }

    /// <summary>Forgets the job's slot: the event was delivered, or will never be retried.</summary>
    public void End(string jobId)
    {
        if (!_attempts.IsEmpty)
        {
            _attempts.TryRemove(jobId, out _);
        }
    }

    /// <summary>One event's delivered connections; safe for the concurrent posts of one fan-out.</summary>
    internal sealed class Attempt(long sequence)
    {
        private readonly ConcurrentDictionary<string, byte> _delivered = new(StringComparer.Ordinal);

        public long Sequence { get; } = sequence;

        public bool WasDelivered(string connectionId) => _delivered.ContainsKey(connectionId);

        public void MarkDelivered(string connectionId) => _delivered.TryAdd(connectionId, 0);
    }
}
