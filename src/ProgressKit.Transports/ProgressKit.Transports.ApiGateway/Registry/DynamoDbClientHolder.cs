using Amazon.DynamoDBv2;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.Shared.Aws;

namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>Owns the one DynamoDB client the registry and the provisioner share; created on first use.</summary>
internal sealed class DynamoDbClientHolder(IOptions<ApiGatewayTransportOptions> options) : IDisposable
{
    private readonly Lazy<AmazonDynamoDBClient> _client = new(() => Create(options.Value));

    public IAmazonDynamoDB Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private static AmazonDynamoDBClient Create(ApiGatewayTransportOptions options)
    {
        var config = new AmazonDynamoDBConfig();
        AwsRegionResolver.TryResolve(options.Region, options.Endpoint, ApiGatewayNames.HostServiceLabel, out var region);
        if (options.Registry.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = region?.SystemName ?? "us-east-1";
        }
        else if (region is not null)
        {
            config.RegionEndpoint = region;
        }

        return options.Credentials is { } credentials ? new AmazonDynamoDBClient(credentials, config) : new AmazonDynamoDBClient(config);
    }
}
