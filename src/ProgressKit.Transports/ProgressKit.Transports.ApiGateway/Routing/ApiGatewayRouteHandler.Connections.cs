using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Routing;

public sealed partial class ApiGatewayRouteHandler
{
    private async Task<RouteResponse> ConnectAsync(string connectionId, RouteEvent.RouteRequestContext context, CancellationToken cancellationToken)
    {
        var connection = ConnectionIdentityReader.Read(connectionId, context.Authorizer, _options.Identity);
        if (connection.UserId is null && !_options.AllowAnonymous)
        {
            Log.ConnectionRefused(_logger, connectionId);
            return new RouteResponse(401);
        }

        await _registry.AddConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
        Log.ConnectionOpened(_logger, connectionId, connection.UserId, connection.TenantId);
        return new RouteResponse(200);
    }

    private async Task<RouteResponse> DisconnectAsync(string connectionId, CancellationToken cancellationToken)
    {
        await _registry.RemoveConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
        Log.ConnectionClosed(_logger, connectionId);
        return new RouteResponse(200);
    }

    /// <summary>
    /// The connection as recorded at <c>$connect</c>. When the record is missing (expired, or the connect write was
    /// lost), API Gateway's authorizer context on the message rebuilds it, so the client is not cut off.
    /// </summary>
    private async Task<ApiGatewayConnection?> GetCallerAsync(string connectionId, RouteEvent.RouteRequestContext context, CancellationToken cancellationToken)
    {
        var recorded = await _registry.GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            return recorded;
        }

        var rebuilt = ConnectionIdentityReader.Read(connectionId, context.Authorizer, _options.Identity);
        if (rebuilt.UserId is null && !_options.AllowAnonymous)
        {
            return null;
        }

        await _registry.AddConnectionAsync(rebuilt, cancellationToken).ConfigureAwait(false);
        return rebuilt;
    }
}
