using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using ProgressKit.Transports.SignalR.Diagnostics;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// Wraps the progress hub's lifetime manager (the in-memory one, or a backplane's) so that every connection it writes
/// group messages to is a <see cref="ResumeFilteringConnection"/>: events another process publishes reach a resuming
/// connection through the same <see cref="ResumeGate"/> as this node's own sends, and never twice at the resume seam;
/// and a connection in several of the groups an event is sent to gets it once, on a backplane too.
/// </summary>
/// <remarks>
/// State ownership: <see cref="_connections"/> maps each connection of this node to its wrapper; written when
/// SignalR connects and disconnects it, read by sends to one connection and by group changes. Everything else is the
/// inner manager's.
/// </remarks>
internal sealed class ResumeFilteringLifetimeManager(HubLifetimeManager<ProgressHub> inner, ResumeGate resumes, ILogger logger) : HubLifetimeManager<ProgressHub>
{
    private readonly ConcurrentDictionary<string, ResumeFilteringConnection> _connections = new(StringComparer.Ordinal);

    // Set once a connection with a protocol the gate cannot read arrived behind a backplane (warned about once).
    private int _warnedProtocol;

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // SignalR's own manager writes this node's sends as messages the gate reads whatever the protocol; a
        // backplane writes other processes' events as frames serialized for the connection's protocol, of which the
        // gate reads the JSON protocol's only.
        if (connection.Protocol.Name != "json" && inner is not DefaultHubLifetimeManager<ProgressHub> && Interlocked.Exchange(ref _warnedProtocol, 1) == 0)
        {
            Log.BackplaneProtocolUnfiltered(logger, connection.ConnectionId, connection.Protocol.Name);
        }

        var filtering = new ResumeFilteringConnection(connection, resumes);
        _connections[connection.ConnectionId] = filtering;
        return inner.OnConnectedAsync(filtering);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var filtering = _connections.TryGetValue(connection.ConnectionId, out var known) ? known : null;
        try
        {
            await inner.OnDisconnectedAsync((HubConnectionContext?)filtering ?? connection).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection.ConnectionId, out _);
        }
    }

    // A send to one connection of this node (the hub's replay and released events) is written to it as it is: the
    // resume gate is for group messages only.
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _connections.TryGetValue(connectionId, out var local)
            ? local.Connection.WriteAsync(new Microsoft.AspNetCore.SignalR.Protocol.InvocationMessage(methodName, args), cancellationToken).AsTask()
            : inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUsersAsync(userIds, methodName, args, cancellationToken);

    // A connection of this node notes its groups (the hub joins only its caller to groups), so that it writes each
    // event once however many of them the backplane carries it through. It notes a group before joining it, so
    // that it records what it is sent before a second group's copies can reach it.
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_connections.TryGetValue(connectionId, out var local))
        {
            local.Joining(groupName);
        }

        return inner.AddToGroupAsync(connectionId, groupName, cancellationToken);
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken).ConfigureAwait(false);
        if (_connections.TryGetValue(connectionId, out var local))
        {
            local.Left(groupName);
        }
    }

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        inner.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        inner.TryGetReturnType(invocationId, out type);
}
