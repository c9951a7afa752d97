using BenchmarkDotNet.Attributes;
using ProgressKit.Serialization;
using ProgressKit.Transports.ApiGateway.FanOut;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Benchmarks.ApiGateway;

/// <summary>
/// Events per second through the API Gateway transport to a local management endpoint (answering at once), at 1, 16
/// and 64 concurrent posts (one job and one subscribed connection per concurrent sender, as the dispatcher sends one
/// event per job at a time), beside a hand-rolled HttpClient loop posting the same bodies with the same signer.
/// </summary>
/// <remarks>
/// The baseline does what a hand-rolled sender must do per event: serialize it, build the connection's URL, sign and
/// post. Two floors beside it post prebuilt bytes to a prebuilt URL, signed and unsigned.
/// </remarks>
[MemoryDiagnoser]
public class ApiGatewayThroughputBenchmarks
{
    private const int EventsPerInvoke = 1024;

    private ManagementEndpointStub _endpoint = null!;
    private Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;
    private ApiGatewayTransport _transport = null!;
    private HttpClient _signedRaw = null!;
    private HttpClient _unsignedRaw = null!;
    private string[] _jobs = null!;
    private Uri[] _connectionUrls = null!;
    private byte[][] _bodies = null!;
    private long _sequence;

    [Params(1, 16, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _endpoint = await ManagementEndpointStub.StartAsync(TimeSpan.Zero);
        IConnectionRegistry registry;
        (_services, _transport, registry) = ApiGatewayBenchmarkSetup.CreateTransport(_endpoint.Url, maxConcurrentPosts: Math.Max(Concurrency, 1));
        _signedRaw = ApiGatewayBenchmarkSetup.CreateSignedRawClient();
        _unsignedRaw = new HttpClient(new SocketsHttpHandler());
        _jobs = new string[Concurrency];
        _connectionUrls = new Uri[Concurrency];
        _bodies = new byte[Concurrency][];
        for (var i = 0; i < Concurrency; i++)
        {
            _jobs[i] = $"job-{i}";
            var connection = new ApiGatewayConnection($"conn{i}AbC=", "user-1234", "tenant-acme");
            await registry.AddConnectionAsync(connection, default);
            await registry.SubscribeAsync(connection, _jobs[i], default);
            _connectionUrls[i] = ApiGatewayBenchmarkSetup.ConnectionUrl(_endpoint.Url, connection.ConnectionId);
            _bodies[i] = ProgressEventSerializer.SerializeToUtf8Bytes(ApiGatewayBenchmarkSetup.Event(_jobs[i], 1));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _signedRaw.Dispose();
        _unsignedRaw.Dispose();
        await _services.DisposeAsync();
        await _endpoint.DisposeAsync();
    }

    /// <summary>Hand-rolled: serialize each event, POST it to the connection's URL, signed with SigV4SigningHandler.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public Task RawHttpClientLoop() => RunLoopsAsync(async (i, seq) =>
    {
        using var content = new ByteArrayContent(ProgressEventSerializer.SerializeToUtf8Bytes(ApiGatewayBenchmarkSetup.Event(_jobs[i], seq)));
        using var response = await _signedRaw.PostAsync(ApiGatewayBenchmarkSetup.ConnectionUrl(_endpoint.Url, $"conn{i}AbC="), content);
        response.EnsureSuccessStatusCode();
    });

    /// <summary>The signed HTTP floor: prebuilt bytes to a prebuilt URL.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public Task RawHttpClientLoopPrebuilt() => RunLoopsAsync(async (i, _) =>
    {
        using var content = new ByteArrayContent(_bodies[i]);
        using var response = await _signedRaw.PostAsync(_connectionUrls[i], content);
        response.EnsureSuccessStatusCode();
    });

    /// <summary>The same floor without signing (what the emulator accepts, AWS would not): what signing costs.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public Task RawHttpClientLoopUnsigned() => RunLoopsAsync(async (i, _) =>
    {
        using var content = new ByteArrayContent(_bodies[i]);
        using var response = await _unsignedRaw.PostAsync(_connectionUrls[i], content);
        response.EnsureSuccessStatusCode();
    });

    /// <summary>The transport: size check and serialization, snapshot, subscriber lookup (cached), access check, signed post.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public Task TransportSendAsync() => RunLoopsAsync((i, seq) => _transport.SendAsync(ApiGatewayBenchmarkSetup.Event(_jobs[i], seq), default).AsTask());

    private Task RunLoopsAsync(Func<int, long, Task> send)
    {
        var perLoop = EventsPerInvoke / Concurrency;
        var loops = new Task[Concurrency];
        for (var i = 0; i < Concurrency; i++)
        {
            var index = i;
            loops[i] = Task.Run(async () =>
            {
                for (var n = 0; n < perLoop; n++)
                {
                    await send(index, Interlocked.Increment(ref _sequence));
                }
            });
        }

        return Task.WhenAll(loops);
    }
}
