using Microsoft.Extensions.Options;
using ProgressKit.Streams;

namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>
/// An <see cref="IConnectionRegistry"/> in this process's memory, for a host that both runs the route handler and
/// publishes (one container, a local sample, tests). Lost on restart; not shared between instances. With it, the job
/// stream store is the core's in-memory one.
/// </summary>
/// <remarks>Thread-safe. Items expire like the DynamoDB ones (<see cref="DynamoDbRegistryOptions"/>); expired items are
/// ignored on read and purged as the registry is used.</remarks>
public sealed partial class InMemoryConnectionRegistry : IConnectionRegistry
{
    private static readonly TimeSpan s_purgeInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Timed<ConnectionEntry>> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Timed<ApiGatewayConnection>>> _jobSubscribers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Timed<JobEntry>> _jobs = new(StringComparer.Ordinal);
    private readonly IJobStreamStore? _streams;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _connectionTtl;
    private readonly TimeSpan _jobTtl;
    private DateTimeOffset _nextPurge;

    /// <summary>Initializes a new instance of the <see cref="InMemoryConnectionRegistry"/> class.</summary>
    /// <param name="options">The transport options (registry lifetimes and clock).</param>
    public InMemoryConnectionRegistry(IOptions<ApiGatewayTransportOptions> options)
        : this(options, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryConnectionRegistry"/> class that takes a job as known while <paramref name="streams"/> holds it.</summary>
    /// <param name="options">The transport options (registry lifetimes and clock).</param>
    /// <param name="streams">The process's job stream store, or <see langword="null"/> to take every job as known.</param>
    public InMemoryConnectionRegistry(IOptions<ApiGatewayTransportOptions> options, IJobStreamStore? streams)
    {
        _streams = streams;
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _timeProvider = value.TimeProvider;
        _connectionTtl = value.Registry.ConnectionTimeToLive;
        _jobTtl = value.Registry.JobTimeToLive;
        _nextPurge = _timeProvider.GetUtcNow() + s_purgeInterval;
    }

    /// <inheritdoc />
    public ValueTask AddConnectionAsync(ApiGatewayConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            PurgeIfDue(now);
            _connections[connection.ConnectionId] = new(new ConnectionEntry(connection, null, []), now + _connectionTtl);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ApiGatewayConnection?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            return ValueTask.FromResult(
                _connections.TryGetValue(connectionId, out var entry) && entry.ExpiresAt > now ? entry.Value.Connection : null);
        }
    }

    /// <inheritdoc />
    public ValueTask RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_connections.Remove(connectionId, out var entry))
            {
                foreach (var jobId in entry.Value.Jobs)
                {
                    RemoveSubscription(jobId, connectionId);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SubscribeAsync(ApiGatewayConnection connection, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_jobSubscribers.TryGetValue(jobId, out var subscribers))
            {
                _jobSubscribers[jobId] = subscribers = new(StringComparer.Ordinal);
            }

            subscribers[connection.ConnectionId] = new(connection, now + _connectionTtl);
            if (_connections.TryGetValue(connection.ConnectionId, out var entry))
            {
                entry.Value.Jobs.Add(jobId);
            }

            var job = _jobs.TryGetValue(jobId, out var existing) && existing.ExpiresAt > now
                ? existing
                : new Timed<JobEntry>(new JobEntry(false, 0), now + _jobTtl);
            _jobs[jobId] = job with { Value = job.Value with { SubscriptionVersion = job.Value.SubscriptionVersion + 1 } };
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask UnsubscribeAsync(string connectionId, string jobId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RemoveSubscription(jobId, connectionId);
            if (_connections.TryGetValue(connectionId, out var entry))
            {
                entry.Value.Jobs.Remove(jobId);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SubscribeToUserJobsAsync(ApiGatewayConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(connection.UserId, nameof(connection));
        var now = _timeProvider.GetUtcNow();
        var owner = OwnerKey.Create(connection.UserId, connection.TenantId);
        lock (_gate)
        {
            var jobs = _connections.TryGetValue(connection.ConnectionId, out var existing) ? existing.Value.Jobs : [];
            _connections[connection.ConnectionId] = new(new ConnectionEntry(connection, owner, jobs), now + _connectionTtl);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ApiGatewayConnection>> GetJobSubscribersAsync(string jobId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_jobSubscribers.TryGetValue(jobId, out var subscribers))
            {
                return ValueTask.FromResult<IReadOnlyList<ApiGatewayConnection>>([]);
            }

            return ValueTask.FromResult<IReadOnlyList<ApiGatewayConnection>>(
                subscribers.Values.Where(s => s.ExpiresAt > now).Select(s => s.Value).ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ApiGatewayConnection>> GetUserSubscribersAsync(string userId, string? tenantId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var owner = OwnerKey.Create(userId, tenantId);
        lock (_gate)
        {
            // Linear in the connections of this process; a host with many connections uses the DynamoDB registry's index.
            return ValueTask.FromResult<IReadOnlyList<ApiGatewayConnection>>(_connections.Values
                .Where(c => c.ExpiresAt > now && c.Value.MyJobsOwner == owner)
                .Select(c => c.Value.Connection)
                .ToArray());
        }
    }

    /// <summary>Returns the job's subscription version: a number every subscribe to the job changes; 0 before the first.</summary>
    internal long GetSubscriptionVersion(string jobId)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            return _jobs.TryGetValue(jobId, out var entry) && entry.ExpiresAt > now ? entry.Value.SubscriptionVersion : 0;
        }
    }

    /// <inheritdoc />
    /// <remarks>A job is known when the job stream store given to the constructor holds it; without a store, every job the
    /// caller names is taken as known (the route handler asks only about jobs it found in the store).</remarks>
    public async ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken)
    {
        if (_streams is not null && await _streams.GetSnapshotAsync(jobId, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            var job = _jobs.TryGetValue(jobId, out var existing) && existing.ExpiresAt > now
                ? existing
                : new Timed<JobEntry>(new JobEntry(false, 0), now + _jobTtl);
            _jobs[jobId] = job with { Value = job.Value with { CancelRequested = true } };
            return true;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            return ValueTask.FromResult(_jobs.TryGetValue(jobId, out var entry) && entry.ExpiresAt > now && entry.Value.CancelRequested);
        }
    }

    private void RemoveSubscription(string jobId, string connectionId)
    {
        if (_jobSubscribers.TryGetValue(jobId, out var subscribers) && subscribers.Remove(connectionId) && subscribers.Count == 0)
        {
            _jobSubscribers.Remove(jobId);
        }
    }
}
