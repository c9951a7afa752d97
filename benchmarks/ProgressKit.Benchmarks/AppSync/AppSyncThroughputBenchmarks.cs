using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.LocalServers;
using ProgressKit.Transports;
using ProgressKit.Transports.AppSync;
using ProgressKit.Transports.AppSync.GraphQL;

namespace ProgressKit.Benchmarks.AppSync;

/// <summary>
/// Events per second published as GraphQL mutations to the AppSync simulator (shipped schema and resolver), through
/// ProgressKit beside a raw <see cref="HttpClient"/> loop that POSTs the same mutation documents with the same
/// concurrency. Target: ProgressKit at least 90% of the raw loop.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project benchmarks/ProgressKit.Benchmarks -- --filter '*AppSync*' --job short</c>.
/// Each invocation publishes <see cref="EventsPerInvoke"/> events spread over <see cref="Concurrency"/> jobs, so
/// events/s = 1 s / (reported time per operation).
/// </remarks>
[MemoryDiagnoser]
public class AppSyncThroughputBenchmarks
{
    public const int EventsPerInvoke = 256;

    private AppSyncSimulatorServer _simulator = null!;
    private HttpClient _raw = null!;
    private ServiceProvider _provider = null!;
    private IProgressTransport _transport = null!;
    private IProgressPublisher _publisher = null!;
    private ProgressEvent[][] _events = null!;
    private int _run;

    /// <summary>Gets or sets how many sends are in flight at once (the dispatcher's lanes: one per job).</summary>
    [Params(8)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var docs = Path.Combine(RepositoryLayout.RootDirectory, "docs");
        _simulator = AppSyncSimulatorServer.StartAsync(Path.Combine(docs, "appsync-schema.graphql"), Path.Combine(docs, "appsync-resolvers.json"))
            .GetAwaiter().GetResult();
        _raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        var services = new ServiceCollection();
        services.AddProgressKit(o => o.MaxConcurrentSendsPerTransport = Concurrency).AddAppSyncTransport(o =>
        {
            o.HttpEndpoint = _simulator.GraphQlUrl;
            o.ApiKey = _simulator.ApiKey;
        });
        _provider = services.BuildServiceProvider();
        _transport = _provider.GetServices<IProgressTransport>().Single();
        _publisher = _provider.GetRequiredService<IProgressPublisher>();

        // The same events for every method; the raw loop builds exactly the mutation documents the transport sends.
        var perJob = EventsPerInvoke / Concurrency;
        _events = Enumerable.Range(0, Concurrency)
            .Select(j => Enumerable.Range(1, perJob).Select(s => Event($"bench-{j}", s)).ToArray())
            .ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _raw.Dispose();
        _simulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// The hand-rolled alternative: for each event, build the same mutation body as the transport (wire JSON, AWSJSON
    /// fields as strings) and POST it with x-api-key, from <see cref="Concurrency"/> loops.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public Task RawHttpClientLoop() => Task.WhenAll(_events.Select(async job =>
    {
        foreach (var progressEvent in job)
        {
            var body = MutationBody(progressEvent);
            using var request = new HttpRequestMessage(HttpMethod.Post, _simulator.GraphQlUrl) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("x-api-key", _simulator.ApiKey);
            using var response = await _raw.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || answer.Contains("\"errors\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(answer);
            }
        }
    }));

    /// <summary>The transport alone, called as the dispatcher calls it: one event per job at a time.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public Task TransportSendAsync() => Task.WhenAll(_events.Select(async job =>
    {
        foreach (var progressEvent in job)
        {
            await _transport.SendAsync(progressEvent, CancellationToken.None);
        }
    }));

    /// <summary>The whole path: publish on job handles, then wait until the dispatcher delivered everything.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public async Task PublisherPipeline()
    {
        var run = Interlocked.Increment(ref _run);
        var perJob = EventsPerInvoke / Concurrency;
        for (var j = 0; j < Concurrency; j++)
        {
            using var job = _publisher.StartJob($"bench-{run}-{j}");
            for (var s = 1; s < perJob - 1; s++)
            {
                // Chunks are never coalesced, so every one of them is a mutation, as in the raw loop.
                job.Chunk("token ");
            }

            job.Complete();
        }

        if (!await _publisher.FlushAsync(TimeSpan.FromMinutes(1)))
        {
            throw new InvalidOperationException("The pipeline did not deliver within a minute.");
        }
    }

    private static ProgressEvent Event(string jobId, long seq) => new()
    {
        Type = ProgressEventType.Chunk,
        JobId = jobId,
        Sequence = seq,
        Timestamp = DateTimeOffset.UtcNow,
        Status = JobStatus.Processing,
        Progress = 50,
        Chunk = new ChunkInfo { Stream = "output", Index = seq, Text = "token " },
    };

    private static byte[] MutationBody(ProgressEvent progressEvent)
    {
        var input = JsonNode.Parse(ProgressKit.Serialization.ProgressEventSerializer.Serialize(progressEvent))!.AsObject();
        input["chunk"] = input["chunk"]!.ToJsonString();
        var body = new JsonObject { ["query"] = AppSyncGraphQLOptions.DefaultMutationDocument, ["variables"] = new JsonObject { ["event"] = input } };
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }
}
