using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.Shared.Aws;

namespace ProgressKit.Transports.AppSync.Authorization;

/// <summary>Registers the named <see cref="HttpClient"/> the transport sends with.</summary>
internal static class AppSyncHttpClient
{
    /// <summary>The client's name in <see cref="IHttpClientFactory"/>; add handlers to it with <c>AddHttpClient(Name)</c>.</summary>
    public const string Name = "ProgressKit.Transports.AppSync";

    /// <summary>The SigV4 signing service name of AppSync (GraphQL and Events).</summary>
    public const string SigningService = "appsync";

    public static void Register(IServiceCollection services)
    {
        services.AddHttpClient(Name)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler);
    }

    /// <summary>The host label before the region in AppSync's own hosts (<c>{id}.appsync-api.{region}.amazonaws.com</c>).</summary>
    internal const string AppSyncHostServiceLabel = "appsync-api";

    private static HttpMessageHandler CreatePrimaryHandler(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AppSyncTransportOptions>>().Value;
        if (options.AuthorizationMode != AppSyncAuthorizationMode.Iam)
        {
            return new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        }

        // Validation already proved that a region can be found.
        AwsRegionResolver.TryResolve(options.Region, options.HttpEndpoint, AppSyncHostServiceLabel, out var region);
        var credentials = DefaultChainCredentials.Resolve(configured: null, services);
        return AwsSigV4Handler.Create(credentials, region!.SystemName, SigningService);
    }
}
