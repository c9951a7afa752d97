using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProgressKit.Benchmarks.Core.Support;
using ProgressKit.Benchmarks.Shared;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// Messages a transport is asked to send for <see cref="SixtySecondJob"/> (6,000 progress updates every 10 ms plus
/// 31 state transitions), with the defaults (coalescing only) and with a minimum progress interval, with a fast and
/// a 50 ms transport; checks that every state transition reached the transport, in order.
/// </summary>
/// <remarks>
/// The job runs on a <see cref="FakeTimeProvider"/> advanced 10 ms per tick (the clock the interval, timestamps and
/// the slow transport's latency use), while the real pump keeps running: each tick also sleeps <c>--pace-ms</c>
/// (default 2) of real time, more than the pump's 1 ms poll, so the pump sees the job at its real pace.
/// </remarks>
internal static class MessageCountRun
{
    private const string JobId = "sixty-second-job";
    private static readonly TimeSpan SlowTransport = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(string[] args)
    {
        var pace = TimeSpan.FromMilliseconds(RunArguments.Int(args, "pace-ms", 2));
        (string Name, TimeSpan MinInterval, TimeSpan Latency)[] configurations =
        [
            ("ProgressKit defaults (coalescing only), fast transport", TimeSpan.Zero, TimeSpan.Zero),
            ("ProgressKit defaults (coalescing only), 50 ms transport", TimeSpan.Zero, SlowTransport),
            ("ProgressKit MinProgressInterval 250 ms, fast transport", Interval, TimeSpan.Zero),
            ("ProgressKit MinProgressInterval 250 ms, 50 ms transport", Interval, SlowTransport),
        ];

        var table = new MarkdownTable("Configuration", "Published", "Messages sent", "of which progress", "Transitions kept", "In order", "Fewer messages");
        var first = true;
        foreach (var (name, minInterval, latency) in configurations)
        {
            var outcome = await RunJobAsync(minInterval, latency, pace);
            if (first)
            {
                // What a hand-rolled publisher sends: every event, one message each.
                table.Add("hand-rolled: send every event (baseline)", outcome.Published, outcome.Published, outcome.PublishedProgress,
                    $"{outcome.Transitions}/{outcome.Transitions}", "yes", "1.0x");
                first = false;
            }

            table.Add(name, outcome.Published, outcome.Sent, outcome.SentProgress, $"{outcome.TransitionsKept}/{outcome.Transitions}",
                outcome.InOrder ? "yes" : "NO", $"{(double)outcome.Published / outcome.Sent:N1}x");
        }

        Console.WriteLine(table);
    }

    private static async Task<MessageCountOutcome> RunJobAsync(TimeSpan minInterval, TimeSpan latency, TimeSpan pace)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new RecordingStateStore();
        var transport = new RecordingTransport(latency, clock);
        await using var host = ProgressKitHost.Start(
            transport,
            o =>
            {
                o.TimeProvider = clock;
                o.MinProgressInterval = minInterval;
            },
            b =>
            {
                b.Services.AddSingleton(store);
                b.UseStateStore<RecordingStateStore>();
            });

        await using (var job = host.Publisher.StartJob(JobId, stages: SixtySecondJob.Stages))
        {
            for (var tick = 0; tick < SixtySecondJob.Ticks; tick++)
            {
                SixtySecondJob.Publish(job, tick);
                clock.Advance(SixtySecondJob.Tick);
                Thread.Sleep(pace);
            }
        }

        // The slow transport's sends finish only as the fake clock moves, so keep it moving while the lane drains.
        var flush = host.Publisher.FlushAsync(TimeSpan.FromMinutes(5));
        while (!flush.IsCompleted)
        {
            clock.Advance(SixtySecondJob.Tick);
            await Task.Delay(pace);
        }

        if (!await flush)
        {
            throw new InvalidOperationException("The lane did not drain.");
        }

        return MessageCountOutcome.From(store.Published.Where(e => e.JobId == JobId).ToList(), transport.Sent);
    }
}
