namespace ProgressKit.Transports.ApiGateway.Registry;

public sealed partial class InMemoryConnectionRegistry
{
    /// <summary>Gets how many items the registry holds, expired or not (for tests of the purge).</summary>
    internal int ItemCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count + _jobSubscribers.Values.Sum(s => s.Count) + _jobs.Count;
            }
        }
    }

    // Keeps memory bounded without a timer: expired items go at most once a minute, on a write.
    private void PurgeIfDue(DateTimeOffset now)
    {
        if (now < _nextPurge)
        {
            return;
        }

        _nextPurge = now + s_purgeInterval;
        foreach (var (id, entry) in _connections.Where(c => c.Value.ExpiresAt <= now).ToArray())
        {
            _connections.Remove(id);
            foreach (var jobId in entry.Value.Jobs)
            {
                RemoveSubscription(jobId, id);
            }
        }

        foreach (var (jobId, subscribers) in _jobSubscribers.ToArray())
        {
            foreach (var (connectionId, _) in subscribers.Where(s => s.Value.ExpiresAt <= now).ToArray())
            {
                RemoveSubscription(jobId, connectionId);
            }
        }

        foreach (var (jobId, _) in _jobs.Where(j => j.Value.ExpiresAt <= now).ToArray())
        {
            _jobs.Remove(jobId);
        }
    }

    private readonly record struct Timed<T>(T Value, DateTimeOffset ExpiresAt);

    private sealed record ConnectionEntry(ApiGatewayConnection Connection, string? MyJobsOwner, HashSet<string> Jobs);

    private sealed record JobEntry(bool CancelRequested, long SubscriptionVersion);
}
