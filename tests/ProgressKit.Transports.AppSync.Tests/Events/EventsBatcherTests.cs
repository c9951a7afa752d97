using ProgressKit.Transports.AppSync.Events;
using ProgressKit.Transports.AppSync.Tests.Support;

namespace ProgressKit.Transports.AppSync.Tests.Events;

public sealed class EventsBatcherTests
{
    [Fact]
    public void Split_MoreThanFive_MakesRequestsOfAtMostFive()
    {
        var events = Enumerable.Range(1, 12).Select(i => Pending(i, 100)).ToList();

        var batches = EventsBatcher.Split(events, 5, 240_000);

        batches.Select(b => b.Count).Should().Equal(5, 5, 2);
        batches.SelectMany(b => b).Should().Equal(events, "arrival order is kept");
    }

    [Fact]
    public void Split_ByteBudget_StartsANewRequest_OversizedEventGoesAlone()
    {
        var events = new[] { Pending(1, 400), Pending(2, 400), Pending(3, 400), Pending(4, 5000), Pending(5, 10) };

        var batches = EventsBatcher.Split(events, 5, 1000);

        batches.Select(b => b.Count).Should().Equal(2, 1, 1, 1);
    }

    private static PendingEvent Pending(long seq, int bytes) => new(TestEvents.Progress(seq: seq), new byte[bytes], "/progress/all");
}
