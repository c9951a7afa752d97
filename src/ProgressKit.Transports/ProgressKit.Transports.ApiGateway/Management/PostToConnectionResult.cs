namespace ProgressKit.Transports.ApiGateway.Management;

/// <summary>The outcome of <see cref="ApiGatewayManagementClient.PostToConnectionAsync"/> when it does not throw.</summary>
public enum PostToConnectionResult
{
    /// <summary>API Gateway accepted the message for the connection (any 2xx).</summary>
    Delivered,

    /// <summary>The connection no longer exists (410 Gone); never retry, forget the connection.</summary>
    Gone,
}
