using System.Diagnostics;
using ProgressKit.Benchmarks.Shared;
using ProgressKit.Benchmarks.SignalR.Support;

namespace ProgressKit.Benchmarks.SignalR;

/// <summary>
/// Issue 4 part 6: 1,000 loopback SignalR .NET clients over 100 jobs (10 per job group). Measures deliveries per
/// second flat out and publish-to-receive latency (p50/p99) at a paced 2,000 deliveries/s, for ProgressKit
/// (<c>PublishStage</c> -> dispatcher -> SignalR transport -> hub groups) beside hand-rolled
/// <c>IHubContext.Clients.Group(...).SendAsync</c> loops (one awaited send per event, jobs in parallel), in the same
/// run, against the same server, groups and clients.
/// </summary>
/// <remarks>
/// Options: <c>--clients 1000 --jobs 100 --events 200 --rounds 3 --rate 2000 --seconds 10 --lane-concurrency 32</c>.
/// Latency is measured per delivery: from a Stopwatch timestamp taken just before the publish (or send) call to one
/// taken in the client's handler, all in one process.
/// </remarks>
internal static class SignalRFanoutRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly string[] Stages = ["loading_agents", "agents", "synthesizing", "saving"];

    public static async Task RunAsync(string[] args)
    {
        var settings = new FanoutSettings(
            Clients: RunArguments.Int(args, "clients", 1000),
            Jobs: RunArguments.Int(args, "jobs", 100),
            EventsPerJob: RunArguments.Int(args, "events", 200),
            Rounds: RunArguments.Int(args, "rounds", 3),
            Rate: RunArguments.Int(args, "rate", 2000),
            Seconds: RunArguments.Int(args, "seconds", 10),
            LaneConcurrency: RunArguments.Int(args, "lane-concurrency", ProgressKitOptions.DefaultMaxConcurrentSendsPerTransport));
        Console.WriteLine($"{settings.Clients} clients over {settings.Jobs} jobs ({settings.ClientsPerJob} per job group); flat out: {settings.EventsPerJob} events per job per round, {settings.Rounds} rounds; paced: {settings.Rate} deliveries/s for {settings.Seconds} s; ProgressKit lane concurrency {settings.LaneConcurrency}, SignalR MaxConcurrentSends {Transports.SignalR.SignalRTransportOptions.DefaultMaxConcurrentSends}.");

        var jobIds = Enumerable.Range(0, settings.Jobs).Select(i => FanoutClients.JobPrefix + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var recorder = new DeliveryRecorder(settings.Jobs, settings.MaxSeq);
        await using var server = await FanoutServer.StartAsync(bufferCapacity: 1_000_000, settings.LaneConcurrency);
        var harness = new Harness(server, recorder, jobIds, settings);

        // Every job needs a snapshot before clients may subscribe to it.
        harness.PublishWarmup();
        (await server.Publisher.FlushAsync(Timeout)).Should(true, "warm-up events were not delivered");
        var connectStarted = Stopwatch.GetTimestamp();
        await using var clients = await FanoutClients.ConnectAsync(server.HubUrl, settings.Clients, jobIds, recorder);
        Console.WriteLine($"Connected and subscribed {settings.Clients} clients in {Stopwatch.GetElapsedTime(connectStarted).TotalSeconds:N1} s.");

        // Warm both paths (JIT, pools, socket buffers) before measuring.
        await harness.FlatOutAsync(Mode.ProgressKit, settings.EventsPerJob / 4);
        await harness.FlatOutAsync(Mode.Raw, settings.EventsPerJob / 4);
        await harness.FlatOutAsync(Mode.RawPerJobLoops, settings.EventsPerJob / 4);
        await harness.FlatOutAsync(Mode.TransportDirect, settings.EventsPerJob / 4);

        var throughput = new MarkdownTable("Subject", "Round", "Deliveries", "Seconds", "Deliveries/s");
        var rates = new Dictionary<Mode, List<double>> { [Mode.ProgressKit] = [], [Mode.Raw] = [], [Mode.RawPerJobLoops] = [], [Mode.TransportDirect] = [] };
        for (var round = 1; round <= settings.Rounds; round++)
        {
            // Alternate which goes first, so that neither always runs on a warmer (or more tired) machine.
            foreach (var mode in round % 2 == 1 ? new[] { Mode.Raw, Mode.ProgressKit, Mode.TransportDirect, Mode.RawPerJobLoops } : [Mode.RawPerJobLoops, Mode.TransportDirect, Mode.ProgressKit, Mode.Raw])
            {
                var result = await harness.FlatOutAsync(mode, settings.EventsPerJob);
                rates[mode].Add(result.PerSecond);
                throughput.Add(Name(mode), round, result.Deliveries, result.Seconds, result.PerSecond);
            }
        }

        Console.WriteLine(throughput);
        var rawRate = Median(rates[Mode.Raw]);
        var kitRate = Median(rates[Mode.ProgressKit]);
        Console.WriteLine($"Median flat-out: raw {rawRate:N0}/s, ProgressKit {kitRate:N0}/s = {kitRate / rawRate:P1} of raw (target >= 90%); transport alone {Median(rates[Mode.TransportDirect]):N0}/s; raw with per-job loops {Median(rates[Mode.RawPerJobLoops]):N0}/s.");
        Console.WriteLine();

        var latency = new MarkdownTable("Subject", "Target rate (deliveries/s)", "Achieved", "Samples", "p50 (ms)", "p90 (ms)", "p99 (ms)", "Max (ms)");
        var paced = new Dictionary<Mode, LatencySamples>();
        foreach (var mode in new[] { Mode.Raw, Mode.ProgressKit, Mode.TransportDirect })
        {
            var (samples, achieved) = await harness.PacedAsync(mode);
            paced[mode] = samples;
            latency.Add(Name(mode), settings.Rate, achieved, samples.Count, Ms(samples.Percentile(50)), Ms(samples.Percentile(90)), Ms(samples.Percentile(99)), Ms(samples.Max()));
        }

        Console.WriteLine(latency);
        var p50Gap = Ms(paced[Mode.ProgressKit].Percentile(50)) - Ms(paced[Mode.Raw].Percentile(50));
        var p99Gap = Ms(paced[Mode.ProgressKit].Percentile(99)) - Ms(paced[Mode.Raw].Percentile(99));
        Console.WriteLine($"At {settings.Rate} deliveries/s: p50 ProgressKit - raw = {p50Gap:N2} ms (target <= 1 ms); p99 ProgressKit - raw = {p99Gap:N2} ms (target <= 5 ms).");
        Console.WriteLine($"Client connections closed during the run: {clients.Closed}.");
    }

    private static string Name(Mode mode) => mode switch
    {
        Mode.Raw => "raw: awaited IHubContext.Clients.Group(job).SendAsync per event, in event order (baseline)",
        Mode.RawPerJobLoops => "raw: the same sends, one loop per job (each job's events back to back)",
        Mode.TransportDirect => "ProgressKit's SignalR transport alone, awaited in event order (no dispatcher)",
        _ => "ProgressKit: PublishStage -> dispatcher -> SignalR transport",
    };

    private static double Ms(double microseconds) => microseconds / 1000;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static void Should(this bool condition, bool expected, string message)
    {
        if (condition != expected)
        {
            throw new InvalidOperationException(message);
        }
    }

    internal enum Mode
    {
        /// <summary>Awaited group sends in the order the events happen (jobs interleaved), as ProgressKit receives them.</summary>
        Raw,

        /// <summary>ProgressKit's PublishStage.</summary>
        ProgressKit,

        /// <summary>Awaited group sends, one loop per job started together: as the sends complete synchronously, each job's events go out back to back.</summary>
        RawPerJobLoops,

        /// <summary>ProgressKit's SignalR transport called directly in event order, like <see cref="Raw"/>: what the transport adds, without the dispatcher.</summary>
        TransportDirect,
    }

    private sealed record FanoutSettings(int Clients, int Jobs, int EventsPerJob, int Rounds, int Rate, int Seconds, int LaneConcurrency)
    {
        public int ClientsPerJob => Clients / Jobs;

        public int PacedEvents => Rate * Seconds / ClientsPerJob;

        // Seq numbers a job can reach in one numbering (ProgressKit's, or the two raw modes' shared one): warm-up,
        // quarter rounds, the rounds, the paced run.
        public int MaxSeq => 2 + (2 * EventsPerJob) + (3 * Rounds * EventsPerJob) + (2 * PacedEvents / Jobs) + 16;
    }

    private sealed record FlatOutResult(long Deliveries, double Seconds)
    {
        public double PerSecond => Deliveries / Seconds;
    }

    private sealed class Harness(FanoutServer server, DeliveryRecorder recorder, string[] jobIds, FanoutSettings settings)
    {
        private readonly long[] _kitSeq = new long[jobIds.Length];
        private readonly long[] _rawSeq = new long[jobIds.Length];

        public void PublishWarmup()
        {
            for (var j = 0; j < jobIds.Length; j++)
            {
                _kitSeq[j]++;
                server.Publisher.PublishStage(jobIds[j], "warmup");
            }
        }

        public async Task<FlatOutResult> FlatOutAsync(Mode mode, int eventsPerJob)
        {
            var expected = (long)eventsPerJob * jobIds.Length * settings.ClientsPerJob;
            var done = recorder.Expect(expected, keepLatencies: false);
            var started = Stopwatch.GetTimestamp();
            if (mode == Mode.ProgressKit)
            {
                for (var e = 0; e < eventsPerJob; e++)
                {
                    for (var j = 0; j < jobIds.Length; j++)
                    {
                        recorder.Sent(j, ++_kitSeq[j], Stopwatch.GetTimestamp());
                        server.Publisher.PublishStage(jobIds[j], Stages[e % Stages.Length]);
                    }
                }
            }
            else if (mode is Mode.Raw or Mode.TransportDirect)
            {
                for (var e = 0; e < eventsPerJob; e++)
                {
                    for (var j = 0; j < jobIds.Length; j++)
                    {
                        var seq = ++_rawSeq[j];
                        recorder.Sent(j, seq, Stopwatch.GetTimestamp());
                        await SendDirectAsync(mode, jobIds[j], seq, Stages[e % Stages.Length]);
                    }
                }
            }
            else
            {
                await Task.WhenAll(Enumerable.Range(0, jobIds.Length).Select(async j =>
                {
                    for (var e = 0; e < eventsPerJob; e++)
                    {
                        var seq = ++_rawSeq[j];
                        recorder.Sent(j, seq, Stopwatch.GetTimestamp());
                        await server.SendRawAsync(jobIds[j], seq, Stages[e % Stages.Length]);
                    }
                }));
            }

            await Complete(done, expected);
            return new FlatOutResult(expected, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        public async Task<(LatencySamples Samples, double AchievedRate)> PacedAsync(Mode mode)
        {
            var events = settings.PacedEvents;
            var expected = (long)events * settings.ClientsPerJob;
            var done = recorder.Expect(expected, keepLatencies: true);
            var interval = Stopwatch.Frequency / (double)settings.Rate * settings.ClientsPerJob;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < events; i++)
            {
                // An absolute schedule: a late wake-up is made up by the next gaps, so the average rate holds.
                var wait = started + (long)(i * interval) - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
                }

                var j = i % jobIds.Length;
                var stage = Stages[i % Stages.Length];
                if (mode == Mode.ProgressKit)
                {
                    recorder.Sent(j, ++_kitSeq[j], Stopwatch.GetTimestamp());
                    server.Publisher.PublishStage(jobIds[j], stage);
                }
                else
                {
                    var seq = ++_rawSeq[j];
                    recorder.Sent(j, seq, Stopwatch.GetTimestamp());
                    await SendDirectAsync(mode, jobIds[j], seq, stage);
                }
            }

            var achieved = expected / Stopwatch.GetElapsedTime(started).TotalSeconds;
            await Complete(done, expected);
            return (recorder.Latencies(), achieved);
        }

        private async Task SendDirectAsync(Mode mode, string jobId, long seq, string stage)
        {
            if (mode == Mode.TransportDirect)
            {
                await server.SendThroughTransportAsync(jobId, seq, stage);
            }
            else
            {
                await server.SendRawAsync(jobId, seq, stage);
            }
        }

        private async Task Complete(Task done, long expected)
        {
            try
            {
                await done.WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"Only {recorder.Delivered:N0} of {expected:N0} deliveries arrived within {Timeout}.");
            }
        }
    }
}
