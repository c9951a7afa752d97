using System.Security.Claims;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// The connection as the hub lifetime manager sees it: every member is the real connection's, except that an event
/// written to it through the groups while it resumes the event's job passes <see cref="ResumeGate.ShouldDeliver"/>
/// first. The backplane writes events published by other processes here, so they meet the resume seam too.
/// </summary>
/// <remarks>
/// Writes that are not progress events, and every write while the connection resumes nothing, go straight through
/// (one lock-free lookup). Direct sends to the connection (the replay) do not come through here
/// (see <see cref="ResumeFilteringLifetimeManager.SendConnectionAsync"/>).
/// </remarks>
internal sealed class ResumeFilteringConnection(HubConnectionContext connection, ResumeGate resumes)
    : HubConnectionContext(new DefaultConnectionContext(connection.ConnectionId), new HubConnectionContextOptions(), NullLoggerFactory.Instance)
{
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
        ShouldWrite(message, null) ? Connection.WriteAsync(message, cancellationToken) : ValueTask.CompletedTask;

    public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default) =>
        ShouldWrite(message.Message, message) ? Connection.WriteAsync(message, cancellationToken) : ValueTask.CompletedTask;

    private bool ShouldWrite(HubMessage? message, SerializedHubMessage? serialized) =>
        !resumes.IsResuming(ConnectionId)
        || ProgressFrameReader.TryRead(message, serialized, Connection.Protocol) is not { } progressEvent
        || resumes.ShouldDeliver(ConnectionId, progressEvent);
}
