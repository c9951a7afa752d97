using Microsoft.AspNetCore.SignalR;

namespace ProgressKit.Transports.SignalR.Tests.Infrastructure;

/// <summary>A hub filter that remembers the hub's open connections so a test can abort them abruptly (no close message), as a dropped network would.</summary>
public sealed class ConnectionAborter : IHubFilter
{
    private readonly Lock _gate = new();

    // Guarded by _gate.
    private readonly Dictionary<string, HubCallerContext> _connections = [];

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        lock (_gate)
        {
            _connections[context.Context.ConnectionId] = context.Context;
        }

        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        lock (_gate)
        {
            _connections.Remove(context.Context.ConnectionId);
        }

        return next(context, exception);
    }

    /// <summary>Aborts every open connection of the hub; returns how many.</summary>
    public int AbortAll()
    {
        List<HubCallerContext> open;
        lock (_gate)
        {
            open = [.. _connections.Values];
        }

        foreach (var connection in open)
        {
            connection.Abort();
        }

        return open.Count;
    }
}
