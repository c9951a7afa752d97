namespace ProgressKit.Dispatch;

/// <summary>
/// The pump's reading of UTC for the delivery-latency histogram, taken once per <see cref="ReadingsReusedFor"/>
/// deliveries instead of once per delivery: a clock read costs a sizeable share of a fast transport's delivery on some
/// virtual machines, while a reading at most that many synchronous sends old (microseconds) changes no latency bucket
/// worth reading.
/// </summary>
/// <remarks>Owned by the lane's pump thread: every member is used only there.</remarks>
internal sealed class DeliveryClock(TimeProvider timeProvider)
{
    /// <summary>How many deliveries share one reading.</summary>
    internal const int ReadingsReusedFor = 64;

    private DateTimeOffset _reading;
    private int _uses = ReadingsReusedFor;

    /// <summary>Milliseconds from <paramref name="publishedAt"/> to now (a reading at most <see cref="ReadingsReusedFor"/> deliveries old).</summary>
    public double MillisecondsSince(DateTimeOffset publishedAt)
    {
        if (++_uses >= ReadingsReusedFor)
        {
            _reading = timeProvider.GetUtcNow();
            _uses = 0;
        }

        return (_reading - publishedAt).TotalMilliseconds;
    }

    /// <summary>Forgets the reading, so that the next delivery reads the clock (the pump calls it at the start of each cycle).</summary>
    public void Expire() => _uses = ReadingsReusedFor;
}
