using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using ProgressKit.Serialization;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Streams;

/// <summary>
/// Wraps the Redis hub lifetime manager: before each group send of a progress event, reads Redis directly and records
/// the seq of the job's newest event in the shared job stream log (the one store a late joiner or a resume on another
/// node reads), which must be the event's or a newer one.
/// </summary>
public sealed class LogCheckingLifetimeManager(HubLifetimeManager<ProgressHub> inner, IDatabase redis, string keyPrefix) : HubLifetimeManager<ProgressHub>
{
    public ConcurrentQueue<(string JobId, long Sequence, long StoredSequence)> Checks { get; } = new();

    public override async Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        await CheckAsync(args);
        await inner.SendGroupAsync(groupName, methodName, args, cancellationToken);
    }

    public override async Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        await CheckAsync(args);
        await inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);
    }

    public override Task OnConnectedAsync(HubConnectionContext connection) => inner.OnConnectedAsync(connection);

    public override Task OnDisconnectedAsync(HubConnectionContext connection) => inner.OnDisconnectedAsync(connection);

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) => inner.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        inner.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    private async Task CheckAsync(object?[] args)
    {
        // The payload is the SignalR package's internal pre-serialized event; its bytes are the wire format.
        var bytes = (byte[])args[0]!.GetType().GetProperty("Utf8Json")!.GetValue(args[0])!;
        var progressEvent = ProgressEventSerializer.Deserialize(bytes);
        var stored = await redis.HashGetAsync($"{keyPrefix}{{streams}}:job:{progressEvent.JobId}:meta", "seq");
        Checks.Enqueue((progressEvent.JobId, progressEvent.Sequence, stored.IsNull ? 0 : (long)stored));
    }
}
