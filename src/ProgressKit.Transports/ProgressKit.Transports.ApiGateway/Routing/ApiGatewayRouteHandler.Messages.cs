using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Serialization;
using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Routing;

public sealed partial class ApiGatewayRouteHandler
{
    private async Task<RouteResponse> MessageAsync(string connectionId, RouteEvent.RouteRequestContext context, RouteEvent routeEvent, CancellationToken cancellationToken)
    {
        if (!TryReadMessage(routeEvent, out var message, out var rejection))
        {
            return Reject(connectionId, rejection);
        }

        var caller = await GetCallerAsync(connectionId, context, cancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            return Reject(connectionId, new ErrorReply(ControlErrorCodes.Unauthenticated, "This connection has no identity and anonymous access is off."));
        }

        if (message.Action == ClientActions.SubscribeMyJobs)
        {
            if (caller.UserId is null)
            {
                return Reject(connectionId, new ErrorReply(ControlErrorCodes.Unauthenticated, "\"subscribe_my_jobs\" needs a connection with a user."));
            }

            await _registry.SubscribeToUserJobsAsync(caller, cancellationToken).ConfigureAwait(false);
            return Reply.None;
        }

        if (message.JobId is null)
        {
            return Reject(connectionId, new ErrorReply(ControlErrorCodes.MalformedMessage, $"\"{message.Action}\" needs a \"job_id\"."));
        }

        if (!JobId.IsValid(message.JobId))
        {
            return Reject(connectionId, new ErrorReply(ControlErrorCodes.InvalidJobId, JobId.Describe(message.JobId)));
        }

        var jobId = message.JobId;
        return message.Action switch
        {
            ClientActions.Subscribe => await SubscribeAsync(caller, jobId, cancellationToken).ConfigureAwait(false),
            ClientActions.Unsubscribe => await UnsubscribeAsync(caller, jobId, cancellationToken).ConfigureAwait(false),
            ClientActions.RequestStatus => await RequestStatusAsync(caller, jobId, cancellationToken).ConfigureAwait(false),
            _ => await CancelJobAsync(caller, jobId, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<RouteResponse> SubscribeAsync(ApiGatewayConnection caller, string jobId, CancellationToken cancellationToken)
    {
        // Subscribe first, then read the snapshot: an event published in between reaches the client either way. A job
        // nobody has published yet is subscribed with a null snapshot; each delivery checks access again.
        await _registry.SubscribeAsync(caller, jobId, cancellationToken).ConfigureAwait(false);
        var snapshot = await GetSnapshotAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (snapshot is not null && !_accessPolicy.CanAccess(caller, snapshot))
        {
            await _registry.UnsubscribeAsync(caller.ConnectionId, jobId, cancellationToken).ConfigureAwait(false);
            return Denied(caller, ClientActions.Subscribe, jobId);
        }

        return Reply.Subscribed(jobId, snapshot);
    }

    private async Task<RouteResponse> UnsubscribeAsync(ApiGatewayConnection caller, string jobId, CancellationToken cancellationToken)
    {
        await _registry.UnsubscribeAsync(caller.ConnectionId, jobId, cancellationToken).ConfigureAwait(false);
        return Reply.None;
    }

    private async Task<RouteResponse> RequestStatusAsync(ApiGatewayConnection caller, string jobId, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return NotFound(caller, jobId);
        }

        return _accessPolicy.CanAccess(caller, snapshot) ? Reply.Status(jobId, snapshot) : Denied(caller, ClientActions.RequestStatus, jobId);
    }

    private async Task<RouteResponse> CancelJobAsync(ApiGatewayConnection caller, string jobId, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return NotFound(caller, jobId);
        }

        if (!_accessPolicy.CanAccess(caller, snapshot))
        {
            return Denied(caller, ClientActions.CancelJob, jobId);
        }

        if (!await _registry.RequestCancellationAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            return NotFound(caller, jobId);
        }

        Log.CancellationRequested(_logger, caller.ConnectionId, jobId);
        return Reply.None;
    }

    // The newest event as clients received it: the store may hold it as published (the in-memory store does), so it is
    // fitted to the message limit by the transport's rule (a no-op for an event already fitted).
    private async Task<ProgressEvent?> GetSnapshotAsync(string jobId, CancellationToken cancellationToken)
    {
        var snapshot = await _streams.GetSnapshotAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return null;
        }

        ProgressEventSizeLimiter.Fit(snapshot, _options.MaxEventBytes, out var fitted);
        return fitted;
    }

    private bool TryReadMessage(RouteEvent routeEvent, [NotNullWhen(true)] out ClientMessage? message, [NotNullWhen(false)] out ErrorReply? rejection)
    {
        message = null;
        byte[] utf8;
        if (routeEvent.IsBase64Encoded)
        {
            try
            {
                utf8 = Convert.FromBase64String(routeEvent.Body ?? string.Empty);
            }
            catch (FormatException)
            {
                rejection = new ErrorReply(ControlErrorCodes.MalformedMessage, "The message is not valid base64.");
                return false;
            }
        }
        else
        {
            var body = routeEvent.Body ?? string.Empty;
            if (Encoding.UTF8.GetMaxByteCount(body.Length) > _options.MaxClientMessageBytes && Encoding.UTF8.GetByteCount(body) > _options.MaxClientMessageBytes)
            {
                rejection = TooLarge();
                return false;
            }

            utf8 = Encoding.UTF8.GetBytes(body);
        }

        if (utf8.Length > _options.MaxClientMessageBytes)
        {
            rejection = TooLarge();
            return false;
        }

        ClientMessage? parsed;
        try
        {
            parsed = utf8.Length == 0 ? null : JsonSerializer.Deserialize(utf8, RoutingJsonContext.Default.ClientMessage);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is null || string.IsNullOrEmpty(parsed.Action))
        {
            rejection = new ErrorReply(ControlErrorCodes.MalformedMessage, "A message must be a JSON object like {\"action\":\"subscribe\",\"job_id\":\"...\"}.");
            return false;
        }

        if (parsed.Action is not (ClientActions.Subscribe or ClientActions.Unsubscribe or ClientActions.SubscribeMyJobs or ClientActions.RequestStatus or ClientActions.CancelJob))
        {
            rejection = new ErrorReply(ControlErrorCodes.UnknownAction,
                "Unknown action; use subscribe, unsubscribe, subscribe_my_jobs, request_status or cancel_job.", JobId.IsValid(parsed.JobId) ? parsed.JobId : null);
            return false;
        }

        message = parsed;
        rejection = null;
        return true;
    }

    private ErrorReply TooLarge() =>
        new(ControlErrorCodes.MessageTooLarge, $"A message may be at most {_options.MaxClientMessageBytes} bytes.");

    private RouteResponse NotFound(ApiGatewayConnection caller, string jobId) =>
        Reject(caller.ConnectionId, new ErrorReply(ControlErrorCodes.JobNotFound, "No job with this id is known.", jobId));

    private RouteResponse Denied(ApiGatewayConnection caller, string action, string jobId)
    {
        Log.AccessDenied(_logger, caller.ConnectionId, caller.UserId, action, jobId);
        return Reply.Error(new ErrorReply(ControlErrorCodes.Forbidden, "This connection may not touch that job.", jobId));
    }

    private RouteResponse Reject(string connectionId, ErrorReply error)
    {
        Log.MessageRejected(_logger, connectionId, error.Code);
        return Reply.Error(error);
    }
}
