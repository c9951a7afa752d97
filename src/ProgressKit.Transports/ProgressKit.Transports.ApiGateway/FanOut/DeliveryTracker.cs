using System.Collections.Concurrent;

namespace ProgressKit.Transports.ApiGateway.FanOut;

/// <summary>
/// Remembers which connections already got an event whose fan-out partly failed, so that the dispatcher's retry of
/// the event posts only to the rest: a retry never duplicates a message on a connection that had it.
/// </summary>
/// <remarks>The dispatcher sends one event per job at a time, so one slot per job is enough. Bounded: beyond
/// <see cref="MaxJobs"/> slots it starts over, which at worst repeats a message (clients ignore a <c>seq</c> they
/// already applied).</remarks>
internal sealed class DeliveryTracker
{
    internal const int MaxJobs = 10_000;

    private readonly ConcurrentDictionary<string, Attempt> _attempts = new(StringComparer.Ordinal);

    /// <summary>Returns the connections that already got this event on an earlier attempt (empty on the first).</summary>
    public Attempt Begin(string jobId, long sequence)
    {
        if (_attempts.TryGetValue(jobId, out var existing) && existing.Sequence == sequence)
        {
            return existing;
        }

        if (_attempts.Count >= MaxJobs)
        {
            _attempts.Clear();
        }

        var attempt = new Attempt(sequence);
        _attempts[jobId] = attempt;
        return attempt;
    }

    /// <summary>Forgets the job's slot: the event was delivered, or will never be retried.</summary>
    public void End(string jobId) => _attempts.TryRemove(jobId, out _);

    internal int Count => _attempts.Count;

    /// <summary>One event's delivered connections; safe for the concurrent posts of one fan-out.</summary>
    internal sealed class Attempt(long sequence)
    {
        private readonly ConcurrentDictionary<string, byte> _delivered = new(StringComparer.Ordinal);

        public long Sequence { get; } = sequence;

        public bool WasDelivered(string connectionId) => _delivered.ContainsKey(connectionId);

        public void MarkDelivered(string connectionId) => _delivered.TryAdd(connectionId, 0);
    }
}
