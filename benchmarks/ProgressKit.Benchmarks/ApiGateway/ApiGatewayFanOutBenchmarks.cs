using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ProgressKit.Serialization;
using ProgressKit.Transports.ApiGateway.FanOut;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Benchmarks.ApiGateway;

/// <summary>
/// One event to 100 subscribed connections against a management endpoint that answers in 20 ms: the transport's
/// bounded-concurrency fan-out beside the hand-rolled pattern of the AWS chat sample (one sequential awaited post per
/// connection).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ApiGatewayFanOutBenchmarks
{
    private const int Connections = 100;
    private const string JobId = "job-fan-out";

    private ManagementEndpointStub _endpoint = null!;
    private Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;
    private ApiGatewayTransport _transport = null!;
    private HttpClient _signedRaw = null!;
    private Uri[] _connectionUrls = null!;
    private byte[] _body = null!;
    private long _sequence;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _endpoint = await ManagementEndpointStub.StartAsync(TimeSpan.FromMilliseconds(20));
        IConnectionRegistry registry;
        // The default MaxConcurrentPosts (32).
        (_services, _transport, registry) = ApiGatewayBenchmarkSetup.CreateTransport(_endpoint.Url, Transports.ApiGateway.ApiGatewayTransportOptions.DefaultMaxConcurrentPosts);
        _signedRaw = ApiGatewayBenchmarkSetup.CreateSignedRawClient();
        _connectionUrls = new Uri[Connections];
        for (var i = 0; i < Connections; i++)
        {
            var connection = new ApiGatewayConnection($"conn{i}AbC=", "user-1234", "tenant-acme");
            await registry.AddConnectionAsync(connection, default);
            await registry.SubscribeAsync(connection, JobId, default);
            _connectionUrls[i] = ApiGatewayBenchmarkSetup.ConnectionUrl(_endpoint.Url, connection.ConnectionId);
        }

        _body = ProgressEventSerializer.SerializeToUtf8Bytes(ApiGatewayBenchmarkSetup.Event(JobId, 1));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _signedRaw.Dispose();
        await _services.DisposeAsync();
        await _endpoint.DisposeAsync();
    }

    /// <summary>Hand-rolled: for each connection, await one signed post, then the next.</summary>
    [Benchmark(Baseline = true)]
    public async Task SequentialPostPerConnection()
    {
        foreach (var url in _connectionUrls)
        {
            using var content = new ByteArrayContent(_body);
            using var response = await _signedRaw.PostAsync(url, content);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>The transport: one SendAsync reaches all 100 connections, 32 posts in flight.</summary>
    [Benchmark]
    public Task TransportFanOut() => _transport.SendAsync(ApiGatewayBenchmarkSetup.Event(JobId, Interlocked.Increment(ref _sequence)), default).AsTask();
}
