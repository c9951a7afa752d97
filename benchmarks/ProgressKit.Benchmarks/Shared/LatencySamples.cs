using System.Diagnostics;

namespace ProgressKit.Benchmarks.Shared;

/// <summary>Durations in <see cref="Stopwatch"/> ticks, recorded without allocating, summarised as percentiles.</summary>
internal sealed class LatencySamples(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private long[] _sorted = [];
    private int _count;

    public int Count => _count;

    public void Add(long ticks)
    {
        if (_count < _ticks.Length)
        {
            _ticks[_count++] = ticks;
        }
    }

    /// <summary>Returns the percentile (0-100) in microseconds, nearest rank.</summary>
    public double Percentile(double percentile)
    {
        if (_count == 0)
        {
            return double.NaN;
        }

        var sorted = Sorted();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return ToMicroseconds(sorted[Math.Clamp(rank, 0, sorted.Length - 1)]);
    }

    public double Max() => _count == 0 ? double.NaN : ToMicroseconds(Sorted()[^1]);

    public static double ToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private long[] Sorted()
    {
        if (_sorted.Length != _count)
        {
            _sorted = _ticks.AsSpan(0, _count).ToArray();
            Array.Sort(_sorted);
        }

        return _sorted;
    }
}
