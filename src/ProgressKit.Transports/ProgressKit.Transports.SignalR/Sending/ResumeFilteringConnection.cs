using System.Security.Claims;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// The connection as the hub lifetime manager sees it: every member is the real connection's, except that an event
/// written to it through the groups passes two checks first. While it resumes the event's job, the event passes
/// <see cref="ResumeGate.ShouldDeliver"/>; the backplane writes events published by other processes here, so they meet
/// the resume seam too. While it is in several groups, a copy of an event it already got through another of them is
/// not written again: a backplane (Redis's) carries one message per group an event is sent to, where SignalR's
/// in-memory manager writes once to each connection of all the groups.
/// </summary>
/// <remarks>
/// Writes that are not progress events, and every write while the connection is in at most one group and resumes
/// nothing, go straight through (one lock-free lookup). Direct sends to the connection (the replay) do not come through
/// here (see <see cref="ResumeFilteringLifetimeManager.SendConnectionAsync"/>). State ownership: <see cref="_gate"/>
/// guards the group names and the delivered positions, and a write is started under it, so that copies arriving
/// through two groups at once are written once and in order.
/// </remarks>
internal sealed class ResumeFilteringConnection(HubConnectionContext connection, ResumeGate resumes)
    : HubConnectionContext(new DefaultConnectionContext(connection.ConnectionId), new HubConnectionContextOptions(), NullLoggerFactory.Instance)
{
    private readonly Lock _gate = new();

    // Guarded by _gate; _groupCount is also read without it by the fast path.
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private readonly DeliveredPositions _delivered = new();
    private volatile int _groupCount;

    /// <summary>Gets the real connection.</summary>
    public HubConnectionContext Connection { get; } = connection;

    public override CancellationToken ConnectionAborted => Connection.ConnectionAborted;

    public override string ConnectionId => Connection.ConnectionId;

    public override ClaimsPrincipal User => Connection.User;

    public override IFeatureCollection Features => Connection.Features;

    public override IDictionary<object, object?> Items => Connection.Items;

    public override IHubProtocol Protocol
    {
        get => Connection.Protocol;
        set => Connection.Protocol = value;
    }

    public override void Abort() => Connection.Abort();

    public override ValueTask WriteAsync(HubMessage message, CancellationToken cancellationToken = default) =>
        Write(message, null, cancellationToken);

    public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default) =>
        Write(message.Message, message, cancellationToken);

    /// <summary>Notes that the connection joins <paramref name="groupName"/>; called before it does.</summary>
    public void Joining(string groupName)
    {
        lock (_gate)
        {
            _groups.Add(groupName);
            _groupCount = _groups.Count;
        }
    }

    /// <summary>Notes that the connection left <paramref name="groupName"/>; called after it did.</summary>
    public void Left(string groupName)
    {
        lock (_gate)
        {
            _groups.Remove(groupName);
            _groupCount = _groups.Count;
        }
    }

    private ValueTask Write(HubMessage? message, SerializedHubMessage? serialized, CancellationToken cancellationToken)
    {
        var severalGroups = _groupCount > 1;
        if (!severalGroups && !resumes.IsResuming(ConnectionId))
        {
            return WriteThrough(message, serialized, cancellationToken);
        }

        if (ProgressFrameReader.TryRead(message, serialized, Connection.Protocol) is not { } progressEvent)
        {
            return WriteThrough(message, serialized, cancellationToken);
        }

        // The resume gate decides under its own lock, never under _gate: a group send holds the gate's lock while it
        // writes here, so taking them in the other order could deadlock.
        if (resumes.IsResuming(ConnectionId) && !resumes.ShouldDeliver(ConnectionId, progressEvent))
        {
            return ValueTask.CompletedTask;
        }

        lock (_gate)
        {
            return _groupCount <= 1 || _delivered.TryAdvance(progressEvent)
                ? WriteThrough(message, serialized, cancellationToken)
                : ValueTask.CompletedTask;
        }
    }

    private ValueTask WriteThrough(HubMessage? message, SerializedHubMessage? serialized, CancellationToken cancellationToken) =>
        serialized is not null ? Connection.WriteAsync(serialized, cancellationToken) : Connection.WriteAsync(message!, cancellationToken);
}
