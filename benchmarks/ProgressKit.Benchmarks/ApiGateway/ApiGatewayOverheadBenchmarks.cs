using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProgressKit.Serialization;
using ProgressKit.Transports.ApiGateway;
using ProgressKit.Transports.ApiGateway.FanOut;
using ProgressKit.Transports.ApiGateway.Management;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Routing;

namespace ProgressKit.Benchmarks.ApiGateway;

/// <summary>
/// The transport's own CPU cost per event, without HTTP (a management client that answers at once): size check and
/// serialization, snapshot, cached subscriber lookup, access check, delivery bookkeeping. Beside it, the least any
/// sender does: serialize the event.
/// </summary>
[MemoryDiagnoser]
public class ApiGatewayOverheadBenchmarks
{
    private ApiGatewayTransport _transport = null!;
    private long _sequence;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var options = Options.Create(new ApiGatewayTransportOptions { Endpoint = new Uri("http://127.0.0.1:1/") });
        var registry = new InMemoryConnectionRegistry(options);
        var connection = new ApiGatewayConnection("conn0AbC=", "user-1234", "tenant-acme");
        await registry.AddConnectionAsync(connection, default);
        await registry.SubscribeAsync(connection, "job-0", default);
        _transport = new ApiGatewayTransport(new InstantManagementClient(), registry, new OwnerJobAccessPolicy(), options, NullLogger<ApiGatewayTransport>.Instance);
    }

    [Benchmark(Baseline = true)]
    public byte[] SerializeOnly() => ProgressEventSerializer.SerializeToUtf8Bytes(ApiGatewayBenchmarkSetup.Event("job-0", ++_sequence));

    [Benchmark]
    public ValueTask TransportSendWithoutHttp() => _transport.SendAsync(ApiGatewayBenchmarkSetup.Event("job-0", ++_sequence), default);

    private sealed class InstantManagementClient : IManagementApiClient
    {
        public ValueTask<PostToConnectionResult> PostToConnectionAsync(string connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PostToConnectionResult.Delivered);

        public ValueTask<ApiGatewayConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken) => default;

        public ValueTask<bool> DeleteConnectionAsync(string connectionId, CancellationToken cancellationToken) => default;
    }
}
