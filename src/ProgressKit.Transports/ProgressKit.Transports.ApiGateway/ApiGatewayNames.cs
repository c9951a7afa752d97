namespace ProgressKit.Transports.ApiGateway;

/// <summary>Fixed names of the API Gateway management API and this transport.</summary>
internal static class ApiGatewayNames
{
    /// <summary>The transport's name in logs, metrics and health reports.</summary>
    public const string TransportName = "apigateway";

    /// <summary>The SigV4 service name of the management API.</summary>
    public const string SigningService = "execute-api";

    /// <summary>The host label before the region in <c>{api-id}.execute-api.{region}.amazonaws.com</c>.</summary>
    public const string HostServiceLabel = "execute-api";

    /// <summary>The named <see cref="HttpClient"/> of the management API.</summary>
    public const string HttpClientName = "ProgressKit.ApiGateway.Management";

    /// <summary>The configuration section the options bind to, used in validation messages.</summary>
    public const string ConfigurationSection = "ProgressKit:ApiGateway";
}
