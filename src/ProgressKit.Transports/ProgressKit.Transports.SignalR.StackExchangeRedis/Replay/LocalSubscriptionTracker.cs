using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Replay;

/// <summary>
/// A hub filter (global, acting on <see cref="ProgressHub"/> calls only) that remembers which jobs this node's connections subscribed to, so that
/// their snapshots can be replayed to them when the node's backplane subscriptions come back after a Redis outage.
/// </summary>
/// <remarks>Bounded: at most <see cref="MaxJobsPerConnection"/> jobs per connection; a connection's entry goes when it disconnects.</remarks>
internal sealed class LocalSubscriptionTracker : IHubFilter
{
    /// <summary>The most job subscriptions remembered per connection; further ones are not replayed.</summary>
    internal const int MaxJobsPerConnection = 1_000;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byConnection = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether no connection of this node has a job subscription.</summary>
    public bool IsEmpty => _byConnection.All(static c => c.Value.IsEmpty);

    /// <summary>Returns every (connection, job) subscription of this node now.</summary>
    public IReadOnlyList<(string ConnectionId, string JobId)> Subscriptions() =>
        [.. _byConnection.SelectMany(static c => c.Value.Keys.Select(jobId => (c.Key, jobId)))];

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(invocationContext).ConfigureAwait(false);

        // Reached only when the hub method succeeded: a refused Subscribe threw and is not remembered.
        if (invocationContext.Hub is ProgressHub && invocationContext.HubMethodArguments is [string jobId])
        {
            var connectionId = invocationContext.Context.ConnectionId;
            switch (invocationContext.HubMethodName)
            {
                case nameof(ProgressHub.Subscribe):
                    var jobs = _byConnection.GetOrAdd(connectionId, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
                    if (jobs.Count < MaxJobsPerConnection)
                    {
                        jobs.TryAdd(jobId, 0);
                    }

                    break;
                case nameof(ProgressHub.Unsubscribe) when _byConnection.TryGetValue(connectionId, out var subscribed):
                    subscribed.TryRemove(jobId, out _);
                    break;
            }
        }

        return result;
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Hub is ProgressHub)
        {
            _byConnection.TryRemove(context.Context.ConnectionId, out _);
        }

        return next(context, exception);
    }
}
