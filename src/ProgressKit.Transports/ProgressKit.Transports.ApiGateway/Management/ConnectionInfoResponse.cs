namespace ProgressKit.Transports.ApiGateway.Management;

/// <summary>The JSON body of <c>GET @connections/{id}</c> (camelCase, as API Gateway writes it).</summary>
internal sealed class ConnectionInfoResponse
{
    public DateTimeOffset? ConnectedAt { get; set; }

    public DateTimeOffset? LastActiveAt { get; set; }

    public ConnectionIdentity? Identity { get; set; }

    internal sealed class ConnectionIdentity
    {
        public string? SourceIp { get; set; }

        public string? UserAgent { get; set; }
    }
}
