using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Streams;

/// <summary>Issue 20, part 2: a job continued from a hand-off cursor continues its chunk streams' indexes from the store, without blocking a publish.</summary>
public class PublisherHandOffTests
{
    private static readonly JobStreamPosition Cursor = new("019ae3f2c4e17f3a", 4, 3);

    [Fact]
    public async Task ContinueFrom_StoreAnswersLater_HoldsThePublishesThenContinuesTheStreamsIndexes()
    {
        var store = new RemoteStreamStore();
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store), transports: transport);

        using var job = h.Publisher.StartJob("j", continueFrom: Cursor);
        job.Chunk("two");
        job.Chunk("three", "answer");
        var appendedBeforeTheAnswer = store.Appended.Count;
        var flushing = h.Publisher.FlushAsync(TestTimeouts.Signal);
        var flushedBeforeTheAnswer = flushing.IsCompleted;
        store.Answer(StateAt(Cursor, ("output", "one", 1)));
        (await flushing).Should().BeTrue();

        appendedBeforeTheAnswer.Should().Be(0, "no event is numbered before the store tells the streams' next indexes");
        flushedBeforeTheAnswer.Should().BeFalse("a flush waits for the held publishes");
        store.Appended.Select(e => (e.Sequence, e.Type, e.Chunk?.Stream, e.Chunk?.Index)).Should().Equal(
            (5L, ProgressEventType.JobStarted, (string?)null, (long?)null),
            (6L, ProgressEventType.Chunk, "output", (long?)1),
            (7L, ProgressEventType.Chunk, "answer", (long?)0));
        store.Appended.Should().OnlyContain(e => e.Epoch == Cursor.Epoch);
        transport.Delivered.Select(e => e.Sequence).Should().Equal(5, 6, 7);
    }

    [Fact]
    public async Task ContinueFrom_StoreBehindTheCursor_ContinuesFromTheCursorWithIndexesFromZero()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        using var job = h.Publisher.StartJob("j", continueFrom: Cursor);
        job.Chunk("two");
        store.Answer(StateAt(Cursor with { Sequence = 3, KeptSequence = 2 }, ("output", "on", 1)));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        store.Appended.Select(e => (e.Sequence, e.Chunk?.Index)).Should().Equal((5L, (long?)null), (6L, (long?)0));
    }

    [Fact]
    public async Task ContinueFrom_StoreReadFails_ContinuesFromTheCursorAndLogs()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        using var job = h.Publisher.StartJob("j", continueFrom: Cursor);
        job.Chunk("two");
        store.Fail(new InvalidOperationException("redis away"));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        store.Appended.Select(e => (e.Sequence, e.Chunk?.Index)).Should().Equal((5L, (long?)null), (6L, (long?)0));
        h.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1052);
    }

    [Fact]
    public async Task HandOff_BeforeTheStoreAnswers_NumbersTheHeldEventsSoThePositionHandedOnCoversThem()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        var job = h.Publisher.StartJob("j", continueFrom: Cursor);
        job.Chunk("two");
        var handedOn = job.HandOff();
        store.Answer(StateAt(Cursor, ("output", "one", 1)));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        handedOn.Should().Be(Cursor with { Sequence = 6, KeptSequence = 5 });
        store.Appended.Select(e => (e.Sequence, e.Chunk?.Index)).Should().Equal((5L, (long?)null), (6L, (long?)0));
    }

    [Fact]
    public async Task PublishToAnUntrackedJob_DoesNotReadAStoreThatCannotAnswerAtOnce()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        h.Publisher.PublishProgress("j", 10);
        h.Publisher.PublishChunk("k", "x");

        store.StateReads.Should().Be(0, "its answer could not be waited for on the publish path");
        store.Appended.Select(e => e.Sequence).Should().Equal(1, 1);
    }

    [Fact]
    public async Task ContinueFrom_InMemoryStoreOfTheSameProcess_ContinuesTheStreamAtOnce()
    {
        await using var h = PublisherHarness.Create();
        JobStreamPosition handOff;
        using (var first = h.Publisher.StartJob("j"))
        {
            first.Chunk("one");
            handOff = first.HandOff()!.Value;
        }

        using (var second = h.Publisher.StartJob("j", continueFrom: handOff))
        {
            second.Chunk("two");
            second.Complete();
        }

        var state = (await h.Services.GetRequiredService<IJobStreamStore>().GetStateAsync("j"))!;
        state.Streams["output"].Should().BeEquivalentTo(new JobStreamText("onetwo", 2, cut: false));
    }

    private static JobStreamState StateAt(JobStreamPosition position, (string Name, string Text, long NextIndex) stream)
    {
        var snapshot = new ProgressEvent
        {
            Type = ProgressEventType.Chunk,
            JobId = "j",
            Epoch = position.Epoch,
            Sequence = position.Sequence,
            KeptSequence = position.KeptSequence,
            Timestamp = DateTimeOffset.UnixEpoch,
            Status = JobStatus.Processing,
            Progress = 0,
        };
        return new JobStreamState(snapshot, position, new Dictionary<string, JobStreamText> { [stream.Name] = new(stream.Text, stream.NextIndex, cut: false) });
    }
}
