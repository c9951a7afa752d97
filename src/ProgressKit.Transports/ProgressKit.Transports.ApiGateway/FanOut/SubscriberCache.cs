using System.Collections.Concurrent;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.FanOut;

/// <summary>
/// A short-lived cache of job -> subscribers and user -> "my jobs" subscribers in front of the registry, so that a busy
/// job does not query DynamoDB for every event. A job's list is reused only while the job's subscription version (which
/// every subscribe changes, returned by the job stream store's write of the event) is unchanged, so a new subscriber misses nothing. A 410
/// removes the gone connection's entries at once.
/// </summary>
internal sealed class SubscriberCache(IConnectionRegistry registry, TimeSpan duration, TimeProvider timeProvider)
{
    /// <summary>Entries kept before the cache starts over; bounds memory with many short jobs.</summary>
    internal const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _users = new(StringComparer.Ordinal);

    /// <summary>Returns the job's subscribers; a cached list is used only while young and of the same subscription version.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="version">The job's subscription version from the store's write of the event; -1 when unknown.</param>
    /// <param name="fresh">Whether to skip the cache.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public ValueTask<IReadOnlyList<ApiGatewayConnection>> GetJobSubscribersAsync(string jobId, long version, bool fresh, CancellationToken cancellationToken) =>
        GetAsync(_jobs, jobId, version, fresh || version < 0, static (r, key, _, ct) => r.GetJobSubscribersAsync(key, ct), (string?)null, cancellationToken);

    public ValueTask<IReadOnlyList<ApiGatewayConnection>> GetUserSubscribersAsync(string userId, string? tenantId, bool fresh, CancellationToken cancellationToken) =>
        GetAsync(_users, OwnerKey.Create(userId, tenantId), 0, fresh, static (r, _, state, ct) => r.GetUserSubscribersAsync(state.UserId, state.TenantId, ct), (UserId: userId, TenantId: tenantId), cancellationToken);

    /// <summary>Drops every cached list that holds the connection, so the next event asks the registry.</summary>
    public void Forget(string connectionId)
    {
        Forget(_jobs, connectionId);
        Forget(_users, connectionId);
    }

    private async ValueTask<IReadOnlyList<ApiGatewayConnection>> GetAsync<TState>(
        ConcurrentDictionary<string, Entry> cache,
        string key,
        long version,
        bool fresh,
        Func<IConnectionRegistry, string, TState, CancellationToken, ValueTask<IReadOnlyList<ApiGatewayConnection>>> load,
        TState state,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetTimestamp();
        if (!fresh && duration > TimeSpan.Zero && cache.TryGetValue(key, out var cached)
            && cached.Version == version && timeProvider.GetElapsedTime(cached.LoadedAt, now) < duration)
        {
            return cached.Subscribers;
        }

        var subscribers = await load(registry, key, state, cancellationToken).ConfigureAwait(false);
        if (duration > TimeSpan.Zero)
        {
            if (cache.Count >= MaxEntries)
            {
                cache.Clear();
            }

            cache[key] = new Entry(subscribers, now, version);
        }

        return subscribers;
    }

    private static void Forget(ConcurrentDictionary<string, Entry> cache, string connectionId)
    {
        foreach (var (key, entry) in cache)
        {
            if (entry.Subscribers.Any(s => s.ConnectionId == connectionId))
            {
                cache.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(IReadOnlyList<ApiGatewayConnection> Subscribers, long LoadedAt, long Version);
}
