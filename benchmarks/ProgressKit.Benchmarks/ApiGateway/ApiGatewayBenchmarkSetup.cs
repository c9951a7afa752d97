using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway;
using ProgressKit.Transports.ApiGateway.FanOut;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Benchmarks.ApiGateway;

/// <summary>Builds the transport as an application does (DI, in-memory registry) and the hand-rolled client beside it.</summary>
internal static class ApiGatewayBenchmarkSetup
{
    public static readonly AWSCredentials Credentials = new BasicAWSCredentials("AKIDBENCHMARK", "benchmark-secret");

    public static (ServiceProvider Services, ApiGatewayTransport Transport, IConnectionRegistry Registry) CreateTransport(Uri endpoint, int maxConcurrentPosts)
    {
        var services = new ServiceCollection();
        services.AddProgressKit()
            .AddApiGatewayTransport(o =>
            {
                o.Endpoint = endpoint;
                o.Region = "us-east-1";
                o.Credentials = Credentials;
                o.MaxConcurrentPosts = maxConcurrentPosts;
            })
            .UseInMemoryConnectionRegistry();
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<ApiGatewayTransport>(), provider.GetRequiredService<IConnectionRegistry>());
    }

    /// <summary>What a hand-rolled sender uses: one HttpClient signing with the same AWSSDK.Core signer.</summary>
    public static HttpClient CreateSignedRawClient() =>
        new(new SigV4SigningHandler(Credentials, RegionEndpoint.USEast1, "execute-api", new SocketsHttpHandler { AllowAutoRedirect = false }));

    public static Uri ConnectionUrl(Uri endpoint, string connectionId) => new(endpoint, "@connections/" + Uri.EscapeDataString(connectionId));

    /// <summary>A typical mid-job event (~400 bytes of JSON).</summary>
    public static ProgressEvent Event(string jobId, long seq) => new()
    {
        Type = ProgressEventType.ProgressUpdate,
        JobId = jobId,
        Sequence = seq,
        Timestamp = DateTimeOffset.UtcNow,
        Status = JobStatus.Processing,
        Progress = 42.5,
        Stage = "agents",
        StageProgress = 37.5,
        Message = "geo_agent is calling Amazon Location for 3 candidate addresses",
        EstimatedSecondsRemaining = 12.4,
        UserId = "user-1234",
        TenantId = "tenant-acme",
        CorrelationId = "0af7651916cd43dd8448eb211c80319c",
        Source = "document-pipeline",
    };
}
