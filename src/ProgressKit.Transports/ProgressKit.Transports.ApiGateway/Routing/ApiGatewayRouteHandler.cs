using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Events.Control;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>
/// Handles API Gateway WebSocket routes: <c>$connect</c>, <c>$disconnect</c> and client messages (<c>subscribe</c>,
/// <c>unsubscribe</c>, <c>subscribe_my_jobs</c>, <c>request_status</c>, <c>cancel_job</c>). Any host calls it with the
/// route event JSON that API Gateway hands a Lambda function, and returns the <see cref="RouteResponse"/>.
/// </summary>
/// <remarks>
/// <para>Replies to <c>subscribe</c> and <c>request_status</c>, and errors, are the route response's body: configure a
/// route response (<c>RouteResponseSelectionExpression: $default</c>) on the message routes, so API Gateway sends it
/// to the client (see <c>docs/api-gateway/README.md</c>). A malformed, oversized, unknown or refused message gets
/// <c>{"type":"error","code":...,"message":...}</c> and changes nothing.</para>
/// <para>Snapshots come from the job stream store (<see cref="IJobStreamStore.GetSnapshotAsync"/>), fitted to
/// <see cref="ApiGatewayTransportOptions.MaxEventBytes"/> as the transport sends events, so a late subscriber's snapshot
/// is the event as subscribers received it.</para>
/// <para>Never throws for anything a client sends; a registry failure answers <c>internal_error</c> (500 on
/// <c>$connect</c>). Thread-safe; register as a singleton.</para>
/// </remarks>
public sealed partial class ApiGatewayRouteHandler
{
    /// <summary>The largest route event read from a stream: a 128 KB message plus API Gateway's request context.</summary>
    internal const int MaxRouteEventBytes = 1024 * 1024;

    private readonly IConnectionRegistry _registry;
    private readonly IJobStreamStore _streams;
    private readonly IJobAccessPolicy _accessPolicy;
    private readonly ApiGatewayTransportOptions _options;
    private readonly ILogger _logger;

    internal ApiGatewayRouteHandler(
        IConnectionRegistry registry,
        IJobStreamStore streams,
        IJobAccessPolicy accessPolicy,
        IOptions<ApiGatewayTransportOptions> options,
        ILogger<ApiGatewayRouteHandler> logger)
    {
        _registry = registry;
        _streams = streams;
        _accessPolicy = accessPolicy;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Handles one route event.</summary>
    /// <param name="routeEvent">The route event JSON (UTF-8), as API Gateway hands it to a Lambda function.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The route response; 400 when the event itself cannot be read.</returns>
    public async Task<RouteResponse> HandleAsync(Stream routeEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routeEvent);
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var read = await routeEvent.ReadAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxRouteEventBytes)
            {
                Log.RouteEventMalformed(_logger, $"larger than {MaxRouteEventBytes} bytes");
                return new RouteResponse(400);
            }
        }

        return await HandleAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Handles one route event.</summary>
    /// <param name="routeEvent">The route event JSON (UTF-8), as API Gateway hands it to a Lambda function.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The route response; 400 when the event itself cannot be read.</returns>
    public async Task<RouteResponse> HandleAsync(ReadOnlyMemory<byte> routeEvent, CancellationToken cancellationToken)
    {
        RouteEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(routeEvent.Span, RoutingJsonContext.Default.RouteEvent);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed?.RequestContext is not { ConnectionId: { Length: > 0 } connectionId } context)
        {
            Log.RouteEventMalformed(_logger, "not a WebSocket route event with requestContext.connectionId");
            return new RouteResponse(400);
        }

        var routeKey = context.RouteKey ?? string.Empty;
        try
        {
            return (context.EventType, routeKey) switch
            {
                ("CONNECT", _) or (null, "$connect") => await ConnectAsync(connectionId, context, cancellationToken).ConfigureAwait(false),
                ("DISCONNECT", _) or (null, "$disconnect") => await DisconnectAsync(connectionId, cancellationToken).ConfigureAwait(false),
                _ => await MessageAsync(connectionId, context, parsed, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RouteFailed(_logger, routeKey, connectionId, ex);
            return context.EventType is "CONNECT" or "DISCONNECT"
                ? new RouteResponse(500)
                : Reply.Error(new ErrorReply(ControlErrorCodes.InternalError, "The server failed to handle the message; try again."));
        }
    }
}
