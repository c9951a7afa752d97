using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Benchmarks.Core.Support;
using ProgressKit.Benchmarks.Shared;
using ProgressKit.Streams;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// What the job stream log adds to a publish call (issue 20: at most 20 % above), with the log on and off measured in
/// alternating rounds of one process: the pairing <see cref="StreamLogPublishBenchmarks"/> cannot do, since
/// BenchmarkDotNet runs each case in a process of its own.
/// </summary>
/// <remarks>
/// <para>Why pair: on this 2-core machine a whole benchmark process sometimes runs 1.5-1.7x slower than another (the
/// cause is not pinned down; the likeliest is how the publishing thread and the lane thread that drains it share the
/// 2 cores in that process), and that lands on the baseline as often as on the log-on case, so the ratio of two processes' means moves by more than
/// the target. Here both sides share each process's fortune: every round publishes the same number of calls with the
/// log off and then on, or on and then off (alternating, so neither side always runs second), and the verdict is the
/// median of the rounds' ratios.</para>
/// <para>Same calls, regime and hosts as the BenchmarkDotNet class (calls back to back, the counting transport; log off
/// = <see cref="SnapshotOnlyStreamStore"/>). The two hosts share one heap: the log-on host's retained events sit in
/// the heap during log-off rounds too, but untouched, so they cost those rounds little. <c>--rounds N</c> (default 40)
/// and <c>--calls N</c> per side and round (default 500,000) change the size; the first 5 rounds are warm-up.</para>
/// </remarks>
internal static class StreamLogInterleavedRun
{
    private const int WarmupRounds = 5;
    private const string Text = "forty characters of streamed answer text";

    public static async Task RunAsync(string[] args)
    {
        var rounds = RunArguments.Int(args, "rounds", 40);
        var calls = RunArguments.Int(args, "calls", 500_000);
        var table = new MarkdownTable("Call", "Rounds", "Calls per side and round", "Log off, median", "Log on, median", "Ratio, median of rounds", "Ratio, rounds' p10-p90");
        foreach (var (name, publish) in Cases())
        {
            await using var off = ProgressKitHost.Start(new CountingTransport("log-off"), extend: b => b.Services.AddSingleton<IJobStreamStore, SnapshotOnlyStreamStore>());
            await using var on = ProgressKitHost.Start(new CountingTransport("log-on"));
            await using var offJob = off.Publisher.StartJob("bench-log-job", stages: [("ingest", 1), ("work", 3)]);
            await using var onJob = on.Publisher.StartJob("bench-log-job", stages: [("ingest", 1), ("work", 3)]);
            offJob.StartStage("work");
            onJob.StartStage("work");

            var offTimes = new List<double>();
            var onTimes = new List<double>();
            var ratios = new List<double>();
            for (var round = 0; round < WarmupRounds + rounds; round++)
            {
                double offNs, onNs;
                if (round % 2 == 0)
                {
                    offNs = Measure(() => publish(off.Publisher, offJob), calls);
                    onNs = Measure(() => publish(on.Publisher, onJob), calls);
                }
                else
                {
                    onNs = Measure(() => publish(on.Publisher, onJob), calls);
                    offNs = Measure(() => publish(off.Publisher, offJob), calls);
                }

                if (round >= WarmupRounds)
                {
                    offTimes.Add(offNs);
                    onTimes.Add(onNs);
                    ratios.Add(onNs / offNs);
                }
            }

            table.Add(name, rounds, calls, $"{Percentile(offTimes, 0.5):N1} ns", $"{Percentile(onTimes, 0.5):N1} ns", $"{Percentile(ratios, 0.5):N2}x", $"{Percentile(ratios, 0.1):N2}x-{Percentile(ratios, 0.9):N2}x");
        }

        Console.WriteLine(table);
    }

    private static IEnumerable<(string Name, Action<IProgressPublisher, IProgressJob> Publish)> Cases() =>
    [
        ("job.Chunk (40 chars)", static (_, job) => job.Chunk(Text)),
        ("PublishChunk by id", static (publisher, _) => publisher.PublishChunk("bench-log", Text)),
        ("PublishStage by id", static (publisher, _) => publisher.PublishStage("bench-log", "work", progress: 50)),
        ("job.ReportStageProgress", static (_, job) => job.ReportStageProgress(0.5)),
    ];

    // Nanoseconds per call; the delegate call is the same on both sides of a ratio.
    private static double Measure(Action publishOnce, int calls)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            publishOnce();
        }

        return stopwatch.Elapsed.TotalNanoseconds / calls;
    }

    private static double Percentile(List<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(quantile * (sorted.Length - 1))];
    }
}
