namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>A publishing rate: how many events, and the sleep between them (zero floods).</summary>
/// <param name="Name">How the results name it.</param>
/// <param name="Count">How many events are measured.</param>
/// <param name="Gap">The sleep between events.</param>
internal sealed record Regime(string Name, int Count, TimeSpan Gap)
{
    /// <summary>Back to back: the lane fills and the publisher drops what it must.</summary>
    public static Regime Flooding(int count) => new("flooding (back to back)", count, TimeSpan.Zero);

    /// <summary>About 1,000 events/s: the pump keeps polling every millisecond and is never woken.</summary>
    public static Regime ThousandPerSecond(int count) => new("~1,000 events/s", count, TimeSpan.FromMilliseconds(1));

    /// <summary>
    /// 3 events/s: the pump parks before every event (after 50 empty polls; with Linux's ~4 ms managed-timer
    /// granularity that is ~220 ms, not the nominal 50 ms) and the writer has to wake it.
    /// </summary>
    public static Regime Parked(int count) => new("3 events/s (pump parked)", count, TimeSpan.FromMilliseconds(333));
}
