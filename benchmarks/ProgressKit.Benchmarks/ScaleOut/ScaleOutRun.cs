using System.Diagnostics;
using System.Globalization;
using ProgressKit.Benchmarks.Shared;
using ProgressKit.Benchmarks.SignalR.Support;

namespace ProgressKit.Benchmarks.ScaleOut;

/// <summary>
/// Issue 7 part 8: deliveries per second through two web nodes and Redis. A worker (no Kestrel) publishes; SignalR
/// .NET clients sit half on each node, subscribed to one job each. ProgressKit (<c>PublishStage</c> -> dispatcher ->
/// SignalR transport, with the shared Redis job stream store and its send barrier) beside raw
/// <c>IHubContext.Clients.Group(...).SendAsync</c> from the same worker over the same backplane, in the same run.
/// </summary>
/// <remarks>Options: <c>--clients 320 --jobs 32 --events 200 --rounds 5 --lane-concurrency 32</c>: by default one dispatcher lane per job, as the raw per-job loops have one loop per job.</remarks>
internal static class ScaleOutRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly string[] Stages = ["loading_agents", "agents", "synthesizing", "saving"];

    public static async Task RunAsync(string[] args)
    {
        var clients = RunArguments.Int(args, "clients", 320);
        var jobs = RunArguments.Int(args, "jobs", 32);
        var events = RunArguments.Int(args, "events", 200);
        var rounds = RunArguments.Int(args, "rounds", 5);
        var laneConcurrency = RunArguments.Int(args, "lane-concurrency", ProgressKitOptions.DefaultMaxConcurrentSendsPerTransport);
        var perJob = clients / jobs;
        Console.WriteLine($"{clients} clients ({clients / 2} on each of two web nodes) over {jobs} jobs ({perJob} per job group); a worker publishes over the Redis backplane; {events} events per job per round, {rounds} rounds; ProgressKit lane concurrency {laneConcurrency}.");

        var jobIds = Enumerable.Range(0, jobs).Select(i => FanoutClients.JobPrefix + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();
        var recorder = new DeliveryRecorder(jobs, 2 + (events * ((3 * rounds) + 3)));
        await using var cluster = await ScaleOutCluster.StartAsync(bufferCapacity: 1_000_000, laneConcurrency);
        var kitSeq = new long[jobs];
        var rawSeq = new long[jobs];

        // Every job needs a snapshot in Redis before clients may subscribe to it.
        for (var j = 0; j < jobs; j++)
        {
            kitSeq[j]++;
            cluster.Publisher.PublishStage(jobIds[j], "warmup");
        }

        if (!await cluster.Publisher.FlushAsync(Timeout))
        {
            throw new InvalidOperationException("Warm-up events were not delivered.");
        }

        await using var node1Clients = await FanoutClients.ConnectAsync(cluster.HubUrls[0], clients / 2, jobIds, recorder);
        await using var node2Clients = await FanoutClients.ConnectAsync(cluster.HubUrls[1], clients / 2, jobIds, recorder);

        async Task<double> MeasureAsync(Mode mode, int count)
        {
            var expected = (long)count * jobs * perJob;
            var done = recorder.Expect(expected, keepLatencies: false);
            var started = Stopwatch.GetTimestamp();
            switch (mode)
            {
                case Mode.ProgressKit:
                    for (var e = 0; e < count; e++)
                    {
                        for (var j = 0; j < jobs; j++)
                        {
                            recorder.Sent(j, ++kitSeq[j], Stopwatch.GetTimestamp());
                            cluster.Publisher.PublishStage(jobIds[j], Stages[e % Stages.Length]);
                        }
                    }

                    break;
                case Mode.RawInOrder:
                    for (var e = 0; e < count; e++)
                    {
                        for (var j = 0; j < jobs; j++)
                        {
                            var seq = ++rawSeq[j];
                            recorder.Sent(j, seq, Stopwatch.GetTimestamp());
                            await cluster.SendRawAsync(jobIds[j], seq, Stages[e % Stages.Length]);
                        }
                    }

                    break;
                default:
                    await Task.WhenAll(Enumerable.Range(0, jobs).Select(async j =>
                    {
                        for (var e = 0; e < count; e++)
                        {
                            var seq = Interlocked.Increment(ref rawSeq[j]);
                            recorder.Sent(j, seq, Stopwatch.GetTimestamp());
                            await cluster.SendRawAsync(jobIds[j], seq, Stages[e % Stages.Length]);
                        }
                    }));
                    break;
            }

            try
            {
                await done.WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"{mode}: only {recorder.Delivered:N0} of {expected:N0} deliveries arrived within {Timeout}.");
            }

            return expected / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        foreach (var mode in Enum.GetValues<Mode>())
        {
            await MeasureAsync(mode, Math.Max(1, events / 4));
        }

        var table = new MarkdownTable("Subject", "Round", "Deliveries", "Deliveries/s");
        var rates = Enum.GetValues<Mode>().ToDictionary(m => m, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? Enum.GetValues<Mode>() : Enum.GetValues<Mode>().Reverse().ToArray();
            foreach (var mode in order)
            {
                var rate = await MeasureAsync(mode, events);
                rates[mode].Add(rate);
                table.Add(Name(mode), round, (long)events * jobs * perJob, rate);
            }
        }

        Console.WriteLine(table);
        var kit = Median(rates[Mode.ProgressKit]);
        var rawInOrder = Median(rates[Mode.RawInOrder]);
        var rawLoops = Median(rates[Mode.RawPerJobLoops]);
        var baseline = Math.Max(rawInOrder, rawLoops);
        Console.WriteLine($"Median: ProgressKit {kit:N0}/s; raw in event order {rawInOrder:N0}/s; raw per-job loops {rawLoops:N0}/s. ProgressKit = {kit / baseline:P1} of the faster raw (target >= 90%).");
        Console.WriteLine($"Client connections closed during the run: {node1Clients.Closed + node2Clients.Closed}.");
    }

    private static string Name(Mode mode) => mode switch
    {
        Mode.RawInOrder => "raw: worker's awaited IHubContext group send per event, in event order",
        Mode.RawPerJobLoops => "raw: the same sends, one awaited loop per job, jobs in parallel",
        _ => "ProgressKit: worker PublishStage -> dispatcher -> SignalR transport (+ Redis snapshot barrier)",
    };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private enum Mode
    {
        RawInOrder,
        ProgressKit,
        RawPerJobLoops,
    }
}
