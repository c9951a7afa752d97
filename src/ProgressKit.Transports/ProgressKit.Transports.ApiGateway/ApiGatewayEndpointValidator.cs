using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.Shared.Aws;

namespace ProgressKit.Transports.ApiGateway;

/// <summary>Validates what only the publishing side needs: the management endpoint and a resolvable signing region.</summary>
internal sealed class ApiGatewayEndpointValidator(Func<RegionEndpoint?> fallbackRegion) : IValidateOptions<ApiGatewayTransportOptions>
{
    private const string Section = ApiGatewayNames.ConfigurationSection;

    public ApiGatewayEndpointValidator()
        : this(static () => FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false))
    {
    }

    public ValidateOptionsResult Validate(string? name, ApiGatewayTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!AwsServiceEndpoint.IsValidBaseUrl(options.Endpoint, out var problem))
        {
            return ValidateOptionsResult.Fail(
                $"{Section}:Endpoint {problem}, for example https://{{api-id}}.execute-api.{{region}}.amazonaws.com/{{stage}}.");
        }

        if (!AwsRegionResolver.TryResolve(options.Region, options.Endpoint, ApiGatewayNames.HostServiceLabel, fallbackRegion, out _))
        {
            return ValidateOptionsResult.Fail(
                $"{Section}:Region is required: it cannot be read from the endpoint host '{options.Endpoint.Host}', and neither AWS_REGION nor AWS_DEFAULT_REGION nor the AWS profile names one.");
        }

        return ValidateOptionsResult.Success;
    }
}
