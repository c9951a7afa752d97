using System.Diagnostics;
using ProgressKit.Benchmarks.Core.Support;
using ProgressKit.Benchmarks.Shared;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// The delay between the publish call and the transport's <c>SendAsync</c> with a fast transport, at about 1,000
/// events/s (the pump polls every millisecond) and at 3 events/s (the pump has parked and the writer wakes it),
/// beside the hand-rolled channel whose reader parks and is woken by every write.
/// </summary>
/// <remarks>Options: <c>--paced 5000 --parked 100</c> (events per regime).</remarks>
internal static class AddedDelayRun
{
    private const string JobId = "delay-job";

    public static async Task RunAsync(string[] args)
    {
        Regime[] regimes =
        [
            Regime.ThousandPerSecond(RunArguments.Int(args, "paced", 5_000)),
            Regime.Parked(RunArguments.Int(args, "parked", 100)),
        ];

        var table = new MarkdownTable("Regime", "Subject", "Events", "p50 (us)", "p90 (us)", "p99 (us)", "p99.9 (us)", "Max (us)");
        foreach (var regime in regimes)
        {
            var rawTransport = new TimestampingTransport(JobId, regime.Count);
            await using (var raw = new RawChannelPump(rawTransport, ProgressKitOptions.DefaultBufferCapacity))
            {
                var warm = new HandRolledEvents("warm-up");
                var events = new HandRolledEvents(JobId);
                var result = Measure(regime, _ => raw.Write(warm.StageStarted("work", 50)), _ => raw.Write(events.StageStarted("work", 50)));
                Add(table, regime, "hand-rolled: bounded Channel, reader parked in WaitToReadAsync (baseline)", Delays(result, rawTransport, regime.Count));
            }

            var transport = new TimestampingTransport(JobId, regime.Count);
            await using (var host = ProgressKitHost.Start(transport))
            {
                var publisher = host.Publisher;
                var result = Measure(regime, _ => publisher.PublishStage("warm-up", "work", progress: 50), _ => publisher.PublishStage(JobId, "work", progress: 50));
                await publisher.FlushAsync(TimeSpan.FromSeconds(10));
                Add(table, regime, "ProgressKit: PublishStage by id", Delays(result, transport, regime.Count));
            }
        }

        Console.WriteLine(table);
    }

    private static PacedPublishing Measure(Regime regime, Action<int> warmUp, Action<int> publish)
    {
        PacedPublishing.WarmUp(warmUp);
        return PacedPublishing.Run(regime.Count, regime.Gap, publish);
    }

    // Event i of the measured job has sequence i + 1; waits (a little) for the last ones to arrive.
    private static LatencySamples Delays(PacedPublishing result, TimestampingTransport transport, int count)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
        while (transport.ReceivedAt(count) == 0 && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Sleep(1);
        }

        var delays = new LatencySamples(count);
        for (var i = 0; i < count; i++)
        {
            var receivedAt = transport.ReceivedAt(i + 1);
            if (receivedAt != 0)
            {
                delays.Add(receivedAt - result.StartedAt[i]);
            }
        }

        return delays;
    }

    private static void Add(MarkdownTable table, Regime regime, string subject, LatencySamples delays) =>
        table.Add(regime.Name, subject, delays.Count,
            delays.Percentile(50), delays.Percentile(90), delays.Percentile(99), delays.Percentile(99.9), delays.Max());
}
