using System.Diagnostics;
using System.Globalization;
using ProgressKit.Serialization;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Benchmarks.ApiGateway;

/// <summary>
/// The throughput comparison of <see cref="ApiGatewayThroughputBenchmarks"/> measured interleaved: rounds of the raw
/// loop and of the transport alternate in one process, and the medians of the rounds are compared. On a shared machine
/// whose load drifts, this is steadier than BenchmarkDotNet's one-process-per-benchmark runs.
/// </summary>
/// <remarks>Options: <c>--rounds 30 --events 512</c>. Custom run name: <c>apigateway-interleaved</c>.</remarks>
internal static class ApiGatewayInterleavedRun
{
    public static async Task RunAsync(string[] args)
    {
        var rounds = Option(args, "rounds", 30);
        var events = Option(args, "events", 512);
        await using var endpoint = await ManagementEndpointStub.StartAsync(TimeSpan.Zero);
        Console.WriteLine("| Concurrency | Raw loop events/s (median) | Transport events/s (median) | Transport / raw |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var concurrency in new[] { 1, 16, 64 })
        {
            var (services, transport, registry) = ApiGatewayBenchmarkSetup.CreateTransport(endpoint.Url, concurrency);
            await using var _ = services;
            using var raw = ApiGatewayBenchmarkSetup.CreateSignedRawClient();
            for (var i = 0; i < concurrency; i++)
            {
                var connection = new ApiGatewayConnection($"conn{i}AbC=", "user-1234", "tenant-acme");
                await registry.AddConnectionAsync(connection, default);
                await registry.SubscribeAsync(connection, $"job-{i}", default);
            }

            long sequence = 0;

            // As the BenchmarkDotNet baseline: serialize each event, build the URL, sign and post.
            Func<int, Task> rawSend = async i =>
            {
                var evt = ApiGatewayBenchmarkSetup.Event($"job-{i}", Interlocked.Increment(ref sequence));
                using var content = new ByteArrayContent(ProgressEventSerializer.SerializeToUtf8Bytes(evt));
                using var response = await raw.PostAsync(ApiGatewayBenchmarkSetup.ConnectionUrl(endpoint.Url, $"conn{i}AbC="), content);
                response.EnsureSuccessStatusCode();
            };
            Func<int, Task> transportSend = i =>
                transport.SendAsync(ApiGatewayBenchmarkSetup.Event($"job-{i}", Interlocked.Increment(ref sequence)), default).AsTask();

            var rawRates = new List<double>();
            var transportRates = new List<double>();
            for (var round = 0; round < rounds + 2; round++)
            {
                // Alternate which goes first; the first two rounds warm up.
                var rawFirst = round % 2 == 0;
                var first = await MeasureAsync(rawFirst ? rawSend : transportSend, concurrency, events);
                var second = await MeasureAsync(rawFirst ? transportSend : rawSend, concurrency, events);
                if (round >= 2)
                {
                    (rawFirst ? rawRates : transportRates).Add(first);
                    (rawFirst ? transportRates : rawRates).Add(second);
                }
            }

            var rawMedian = Median(rawRates);
            var transportMedian = Median(transportRates);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {concurrency} | {rawMedian:N0} | {transportMedian:N0} | {transportMedian / rawMedian:P0} |"));
        }
    }

    private static async Task<double> MeasureAsync(Func<int, Task> send, int concurrency, int events)
    {
        var perLoop = events / concurrency;
        var stopwatch = Stopwatch.StartNew();
        var loops = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var index = i;
            loops[i] = Task.Run(async () =>
            {
                for (var n = 0; n < perLoop; n++)
                {
                    await send(index);
                }
            });
        }

        await Task.WhenAll(loops);
        return perLoop * concurrency / stopwatch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static int Option(string[] args, string name, int defaultValue)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : defaultValue;
    }
}
