namespace ProgressKit.Transports.ApiGateway.Management;

/// <summary>What <c>GET @connections/{id}</c> tells about a live connection.</summary>
/// <param name="ConnectedAt">When the client connected.</param>
/// <param name="LastActiveAt">When the connection last carried a message.</param>
/// <param name="SourceIp">The client's IP address.</param>
/// <param name="UserAgent">The client's user agent.</param>
public sealed record ApiGatewayConnectionInfo(DateTimeOffset? ConnectedAt, DateTimeOffset? LastActiveAt, string? SourceIp, string? UserAgent);
