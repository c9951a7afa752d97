using ProgressKit.Benchmarks.Core.Support;
using ProgressKit.Benchmarks.Shared;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// The duration of the publish call itself, per call (Stopwatch timestamps right around it), in three regimes:
/// flooding, about 1,000 events/s, and 3 events/s where the pump has parked before every event. Beside it, the
/// hand-rolled bounded channel whose reader parks in <c>WaitToReadAsync</c> whenever it is empty, so that every paced
/// write has to wake it.
/// </summary>
/// <remarks>Options: <c>--flood 200000 --paced 5000 --parked 100</c> (events per regime).</remarks>
internal static class PublishLatencyRun
{
    private const string JobId = "latency-job";

    public static async Task RunAsync(string[] args)
    {
        Regime[] regimes =
        [
            Regime.Flooding(RunArguments.Int(args, "flood", 200_000)),
            Regime.ThousandPerSecond(RunArguments.Int(args, "paced", 5_000)),
            Regime.Parked(RunArguments.Int(args, "parked", 100)),
        ];

        var overhead = PacedPublishing.TimerOverhead(100_000);
        Console.WriteLine($"Timer floor (two back-to-back Stopwatch timestamps, included in every figure): p50 {overhead.Percentile(50) * 1000:N0} ns, p99 {overhead.Percentile(99) * 1000:N0} ns.");
        Console.WriteLine();

        var table = new MarkdownTable("Regime", "Subject", "Events", "Rate (events/s)", "p50 (ns)", "p90 (ns)", "p99 (ns)", "p99.9 (ns)", "Max (ns)");
        foreach (var regime in regimes)
        {
            {
                // The floor: creating the event alone, with the same caches as the publish calls (cold when paced).
                var events = new HandRolledEvents(JobId);
                object? last = null;
                var result = Measure(regime, _ => last = events.StageStarted("work", 50));
                GC.KeepAlive(last);
                Add(table, regime, "reference: creating the event alone", result);
            }

            await using (var raw = new RawChannelPump(new CountingTransport(), ProgressKitOptions.DefaultBufferCapacity))
            {
                var events = new HandRolledEvents(JobId);
                var result = Measure(regime, _ => raw.Write(events.StageStarted("work", 50)));
                Add(table, regime, "hand-rolled: bounded Channel, reader parked in WaitToReadAsync (baseline)", result);
            }

            await using (var host = ProgressKitHost.Start(new CountingTransport()))
            {
                var publisher = host.Publisher;
                var result = Measure(regime, _ => publisher.PublishStage(JobId, "work", progress: 50));
                Add(table, regime, "ProgressKit: PublishStage by id", result);
            }

            await using (var host = ProgressKitHost.Start(new CountingTransport()))
            {
                await using var job = host.Publisher.StartJob(JobId, stages: [("work", 1)]);
                job.StartStage("work");
                var result = Measure(regime, i => job.ReportStageProgress((i % 100) / 100.0));
                Add(table, regime, "ProgressKit: job.ReportStageProgress", result);
            }
        }

        Console.WriteLine(table);
    }

    // Warms the path up to tier-1 code, then lets the consumer go idle (and park, where it parks) before measuring.
    private static PacedPublishing Measure(Regime regime, Action<int> publish)
    {
        PacedPublishing.WarmUp(publish);
        return PacedPublishing.Run(regime.Count, regime.Gap, publish);
    }

    private static void Add(MarkdownTable table, Regime regime, string subject, PacedPublishing result)
    {
        var d = result.CallDurations;
        table.Add(regime.Name, subject, d.Count, result.AchievedRate,
            d.Percentile(50) * 1000, d.Percentile(90) * 1000, d.Percentile(99) * 1000, d.Percentile(99.9) * 1000, d.Max() * 1000);
    }
}
