using System.Diagnostics;
using ProgressKit.Benchmarks.Shared;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>
/// Calls a publish action <c>count</c> times, either back to back (flooding) or with a sleep between calls (paced),
/// and times each call with Stopwatch timestamps taken right around it.
/// </summary>
internal sealed class PacedPublishing
{
    private const int WarmUpRounds = 2;
    private const int WarmUpCallsPerRound = 200_000;
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(500);

    private PacedPublishing(int count)
    {
        CallDurations = new LatencySamples(count);
        StartedAt = new long[count];
    }

    /// <summary>Gets how long each call took.</summary>
    public LatencySamples CallDurations { get; }

    /// <summary>Gets when (Stopwatch timestamp) each call began, by call index.</summary>
    public long[] StartedAt { get; }

    /// <summary>Gets the rate the calls were made at, in events per second.</summary>
    public double AchievedRate { get; private set; }

    /// <param name="count">How many calls.</param>
    /// <param name="gap">The sleep between calls; <see cref="TimeSpan.Zero"/> floods.</param>
    /// <param name="publish">Publishes event number <c>i</c> (from 0).</param>
    public static PacedPublishing Run(int count, TimeSpan gap, Action<int> publish)
    {
        var result = new PacedPublishing(count);
        var began = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            publish(i);
            var end = Stopwatch.GetTimestamp();
            result.StartedAt[i] = start;
            result.CallDurations.Add(end - start);
            if (gap > TimeSpan.Zero)
            {
                Thread.Sleep(gap);
            }
        }

        result.AchievedRate = count / Stopwatch.GetElapsedTime(began).TotalSeconds;
        return result;
    }

    /// <summary>
    /// Floods <paramref name="publish"/> long enough to fill the lane and reach its drop path, twice, pausing after
    /// each round so that tiered compilation finishes every method the measured calls will run (a method first
    /// reached during a measurement would run unoptimized code for its first ~100 ms).
    /// </summary>
    public static void WarmUp(Action<int> publish)
    {
        for (var round = 0; round < WarmUpRounds; round++)
        {
            for (var i = 0; i < WarmUpCallsPerRound; i++)
            {
                publish(i);
            }

            Thread.Sleep(SettleTime);
        }
    }

    /// <summary>Measures what two back-to-back timestamps cost, the floor under every figure measured this way.</summary>
    public static LatencySamples TimerOverhead(int count)
    {
        var samples = new LatencySamples(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            samples.Add(Stopwatch.GetTimestamp() - start);
        }

        return samples;
    }
}
