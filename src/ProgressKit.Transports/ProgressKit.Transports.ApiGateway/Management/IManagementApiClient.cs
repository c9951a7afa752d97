namespace ProgressKit.Transports.ApiGateway.Management;

/// <summary>The management API calls the transport makes; a seam for tests.</summary>
internal interface IManagementApiClient
{
    ValueTask<PostToConnectionResult> PostToConnectionAsync(string connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    ValueTask<ApiGatewayConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken);

    ValueTask<bool> DeleteConnectionAsync(string connectionId, CancellationToken cancellationToken);
}
