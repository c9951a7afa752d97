using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ProgressKit.Tests.Streams;

public class InMemoryJobStreamStoreBackgroundTests
{
    [Fact]
    public async Task ExpiryTimer_Throws_IsLoggedCountedAndRunsAgain()
    {
        var clock = new FailingClock();
        using var h = new StreamStoreHarness(o => o.IdleTimeToLive = TimeSpan.FromMinutes(1), clock);
        h.Store.Append(new JobScript("j").Next());

        clock.Fail = true;
        h.Time.Advance(h.Options.ExpiryScanInterval);

        h.Failures.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["operation"].Should().Be("stream_store.expire");
        h.Logger.LatestRecord.Id.Id.Should().Be(1044);
        h.Logger.LatestRecord.Level.Should().Be(LogLevel.Error);

        clock.Fail = false;
        h.Time.Advance(h.Options.ExpiryScanInterval);

        h.Store.JobCount.Should().Be(0, "the next tick released the idle job");
        (await h.Store.GetStateAsync("j")).Should().BeNull();
    }

    private sealed class FailingClock() : FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero))
    {
        public bool Fail { get; set; }

        public override DateTimeOffset GetUtcNow() => Fail ? throw new InvalidOperationException("clock failed") : base.GetUtcNow();
    }
}
