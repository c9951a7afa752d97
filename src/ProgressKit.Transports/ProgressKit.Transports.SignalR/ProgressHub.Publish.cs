using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Serialization;
using ProgressKit.Streams;
using ProgressKit.Transports.SignalR.Diagnostics;

namespace ProgressKit.Transports.SignalR;

public sealed partial class ProgressHub
{
    /// <summary>The method remote publishers call; the <c>ProgressKit.Transports.SignalR.Client</c> transport uses this name.</summary>
    public const string PublishMethod = nameof(Publish);

    private const string PublisherItemKey = "ProgressKit.Publisher";

    /// <summary>
    /// Accepts one event from a remote publisher (a worker in another process), records it as the job's snapshot and
    /// sends it to the job's, user's and tenant's groups. Only callers that present
    /// <see cref="ProgressHubOptions.PublisherKey"/> in the <see cref="ProgressHubOptions.PublisherKeyHeaderName"/>
    /// header of their connection may call it.
    /// </summary>
    /// <param name="progressEvent">One wire format v1 event object.</param>
    /// <returns>A task that completes when the event was handed to every group; the publisher treats that as delivered.</returns>
    /// <exception cref="HubException">
    /// <c>forbidden</c> (no or wrong key), <c>malformed_message</c> (not a valid v1 event), or <c>internal_error</c>
    /// (forwarding failed; the publisher retries).
    /// </exception>
    public async Task Publish(JsonElement progressEvent)
    {
        await AuthorizePublisherAsync().ConfigureAwait(false);
        ProgressEvent received;
        try
        {
            received = ProgressEventSerializer.Deserialize(JsonMarshal.GetRawUtf8Value(progressEvent));
        }
        catch (JsonException exception)
        {
            Log.PublishMalformed(_services.Logger, Context.ConnectionId, exception.Message);
            throw HubErrors.Create(ControlErrorCodes.MalformedMessage, $"Not a valid wire format v1 event: {exception.Message}");
        }

        // Before the group send, as the publisher does: an event a client receives live is always readable for a resume.
        // The default snapshot store is the stream store's view, which this append already updated: writing the
        // snapshot too would store the event twice (in Redis with a shared stream store).
        _services.Streams.Append(received);
        if (_services.StateStore is not JobStreamSnapshotStore)
        {
            await RecordSnapshotAsync(received).ConfigureAwait(false);
        }

        _services.RemoteJobs.Track(received);

        // Sent straight to the groups, not through this process's dispatcher: the event already has its job's seq
        // (the dispatcher would renumber it as a new event of a job it does not know), and order is already kept by
        // the publisher's dispatcher, which sends at most one event per job at a time and waits for this call to
        // return before sending the next. Awaiting the group send here is what makes that wait mean "delivered".
        // A retried publish may repeat an event; clients skip it by seq.
        try
        {
            await _services.Sender.SendAsync(received, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.PublishForwardFailed(_services.Logger, received.Type.ToWireName(), received.Sequence, received.JobId, exception);
            throw HubErrors.Create(ControlErrorCodes.InternalError, "The event could not be forwarded to subscribers; retry.");
        }
    }

    private async Task RecordSnapshotAsync(ProgressEvent received)
    {
        try
        {
            await _services.StateStore.SetAsync(received, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Clients still get the event live; only late joiners may see an older snapshot.
            Log.PublishSnapshotFailed(_services.Logger, received.JobId, exception);
        }
    }

    /// <summary>Remembers a remote publisher as soon as it connects, so that cancel requests reach it before its next event.</summary>
    /// <returns>A task that completes when the connection is set up.</returns>
    public override async Task OnConnectedAsync()
    {
        if (_services.PublisherKeys.Verify(PresentedPublisherKey()))
        {
            await JoinPublishersAsync().ConfigureAwait(false);
        }

        await base.OnConnectedAsync().ConfigureAwait(false);
    }

    // The key is checked once per connection (it travels in the connection's request headers) and remembered; the
    // connection then joins the publishers' group, which hears cancel requests for remote jobs.
    private async Task AuthorizePublisherAsync()
    {
        if (Context.Items.ContainsKey(PublisherItemKey))
        {
            return;
        }

        if (!_services.PublisherKeys.IsEnabled)
        {
            Log.PublisherRefused(_services.Logger, Context.ConnectionId, "remote publishing is off (no publisher key configured)");
            throw HubErrors.Create(ControlErrorCodes.Forbidden, "Remote publishing is off on this hub (ProgressKit:SignalR:Hub:PublisherKey is not set).");
        }

        var presented = PresentedPublisherKey();
        if (!_services.PublisherKeys.Verify(presented))
        {
            Log.PublisherRefused(_services.Logger, Context.ConnectionId, string.IsNullOrEmpty(presented) ? "no publisher key" : "wrong publisher key");
            throw HubErrors.Create(ControlErrorCodes.Forbidden, $"Publishing needs the hub's publisher key in the {ProgressHubOptions.PublisherKeyHeaderName} header.");
        }

        await JoinPublishersAsync().ConfigureAwait(false);
    }

    private string? PresentedPublisherKey() => Context.GetHttpContext()?.Request.Headers[ProgressHubOptions.PublisherKeyHeaderName].ToString();

    private async Task JoinPublishersAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, ProgressHubGroups.Publishers, Context.ConnectionAborted).ConfigureAwait(false);
        Context.Items[PublisherItemKey] = true;
    }
}
