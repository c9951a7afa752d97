using Microsoft.Extensions.Time.Testing;
using ProgressKit.Dispatch;

namespace ProgressKit.Tests.Dispatch;

public sealed class DeliveryClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reading_IsReusedForABoundedNumberOfDeliveries_ThenTakenAgain()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new DeliveryClock(time);

        clock.MillisecondsSince(Start).Should().Be(0, "the first delivery reads the clock");
        time.Advance(TimeSpan.FromMilliseconds(5));
        for (var i = 1; i < DeliveryClock.ReadingsReusedFor; i++)
        {
            clock.MillisecondsSince(Start).Should().Be(0, "delivery {0} reuses the reading", i);
        }

        clock.MillisecondsSince(Start).Should().Be(5, "the reading is taken again after the bound");
    }

    [Fact]
    public void Expire_MakesTheNextDeliveryReadTheClock()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new DeliveryClock(time);
        clock.MillisecondsSince(Start);
        time.Advance(TimeSpan.FromMilliseconds(7));

        clock.Expire();

        clock.MillisecondsSince(Start).Should().Be(7);
    }
}
