using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Streams;

/// <summary>Issue 20, part 2: a job continued from a hand-off cursor continues its chunk streams' indexes from the store, without blocking a publish.</summary>
public class PublisherHandOffTests
{
    private static readonly JobStreamPosition Cursor = new("019ae3f2c4e17f3a", 4, 3);

    // An epoch from a clock far ahead of this one (another host's).
    private static readonly JobStreamPosition FarFuture = new("fffffffffff0abcd", 9, 7);

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
        store.StateReads.Should().Be(1, "the job is new to this process and comes with a cursor: one read serves both");
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
    public async Task PublishToAnUntrackedJob_SharedStoreAnswersLater_HoldsThePublishesThenContinuesTheStoresPosition()
    {
        var store = new RemoteStreamStore();
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store), transports: transport);

        h.Publisher.PublishStage("j", "agents");
        h.Publisher.PublishProgress("j", 60);
        h.Publisher.PublishChunk("j", "two");
        h.Publisher.PublishChunk("j", "three", "answer");
        var appendedBeforeTheAnswer = store.Appended.Count;
        var flushing = h.Publisher.FlushAsync(TestTimeouts.Signal);
        var flushedBeforeTheAnswer = flushing.IsCompleted;
        store.Answer(StateAt(Cursor, ("output", "one", 1)));
        (await flushing).Should().BeTrue();

        appendedBeforeTheAnswer.Should().Be(0, "the publish calls returned at once and their events wait, in order, for the store's position");
        flushedBeforeTheAnswer.Should().BeFalse("a flush waits for the held publishes");
        store.StateReads.Should().Be(1, "the shared store is read once, when the job is first tracked");
        store.Appended.Select(e => (e.Sequence, e.KeptSequence, e.Type, e.Chunk?.Stream, e.Chunk?.Index)).Should().Equal(
            (5L, 4L, ProgressEventType.StageStarted, (string?)null, (long?)null),
            (6L, 4L, ProgressEventType.ProgressUpdate, (string?)null, (long?)null),
            (7L, 5L, ProgressEventType.Chunk, "output", (long?)1),
            (8L, 6L, ProgressEventType.Chunk, "answer", (long?)0));
        store.Appended.Should().OnlyContain(e => e.Epoch == Cursor.Epoch);
        transport.Delivered.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence).Should().Equal(
            [5L, 7L, 8L], "a superseded progress_update may be coalesced; every other event is delivered in order");
    }

    [Fact]
    public async Task PublishToAnUntrackedJob_SharedStoreHoldsItFinished_StartsALaterEpochAtSeq1()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        h.Publisher.PublishChunk("j", "x");
        store.Answer(StateAt(FarFuture, ("output", "old", 3), JobStatus.Completed));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        var published = store.Appended.Should().ContainSingle().Subject;
        (published.Sequence, published.KeptSequence, published.Chunk!.Index).Should().Be((1L, 1L, 0L));
        string.CompareOrdinal(published.Epoch, FarFuture.Epoch).Should().BePositive("a new epoch sorts after the one the store knew, even one ahead of this clock");
    }

    [Fact]
    public async Task PublishToAnUntrackedJob_SharedStoreDoesNotKnowIt_StartsANewEpochAtSeq1()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        h.Publisher.PublishChunk("j", "x");
        h.Publisher.PublishChunk("j", "y");
        store.Answer(null);
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        store.Appended.Select(e => (e.Sequence, e.Chunk!.Index)).Should().Equal((1L, 0L), (2L, 1L));
        store.Appended.Select(e => e.Epoch).Distinct().Should().ContainSingle().Which.Should().NotBeNull();
    }

    [Fact]
    public async Task PublishToAnUntrackedJob_SharedStoreReadFails_StartsANewEpochAndLogs()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        h.Publisher.PublishProgress("j", 10);
        var appendedBeforeTheAnswer = store.Appended.Count;
        store.Fail(new InvalidOperationException("redis away"));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        appendedBeforeTheAnswer.Should().Be(0);
        store.Appended.Select(e => e.Sequence).Should().Equal(1);
        h.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1052);
    }

    [Fact]
    public async Task PublishToAnUntrackedJob_FlushBeforeTheStoreAnswers_TimesOut()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        h.Publisher.PublishProgress("j", 10);

        (await h.Publisher.FlushAsync(TimeSpan.FromMilliseconds(50))).Should().BeFalse("the held event is not delivered before the store answers");
        store.Answer(null);
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        store.Appended.Should().ContainSingle();
    }

    [Fact]
    public async Task PublishToAnUntrackedJob_ContinueFromSharedStoreOff_DoesNotReadTheStoreAndStartsANewEpoch()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(
            o => o.Streams.ContinueFromSharedStore = false, build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        h.Publisher.PublishProgress("j", 10);
        h.Publisher.PublishChunk("k", "x");

        store.StateReads.Should().Be(0);
        store.Appended.Select(e => e.Sequence).Should().Equal(1, 1);
    }

    [Fact]
    public async Task ContinueFrom_ContinueFromSharedStoreOff_StillReadsTheStoreForTheStreamsIndexes()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(
            o => o.Streams.ContinueFromSharedStore = false, build: b => b.Services.AddSingleton<IJobStreamStore>(store));

        using var job = h.Publisher.StartJob("j", continueFrom: Cursor);
        job.Chunk("two");
        store.Answer(StateAt(Cursor, ("output", "one", 1)));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        store.Appended.Select(e => (e.Sequence, e.Chunk?.Index)).Should().Equal((5L, (long?)null), (6L, (long?)1));
    }

    [Fact]
    public async Task PublishToAnUntrackedJob_InMemoryStore_DoesNotHoldTheEvent()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);

        h.Publisher.PublishProgress("j", 10);

        var state = (await h.Services.GetRequiredService<IJobStreamStore>().GetStateAsync("j"))!;
        state.Position.Sequence.Should().Be(1, "the in-memory store's copy is the whole store: nothing to wait for");
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

    private static JobStreamState StateAt(
        JobStreamPosition position, (string Name, string Text, long NextIndex) stream, JobStatus status = JobStatus.Processing)
    {
        var snapshot = new ProgressEvent
        {
            Type = status == JobStatus.Completed ? ProgressEventType.JobComplete : ProgressEventType.Chunk,
            JobId = "j",
            Epoch = position.Epoch,
            Sequence = position.Sequence,
            KeptSequence = position.KeptSequence,
            Timestamp = DateTimeOffset.UnixEpoch,
            Status = status,
            Progress = 0,
        };
        return new JobStreamState(snapshot, position, new Dictionary<string, JobStreamText> { [stream.Name] = new(stream.Text, stream.NextIndex, cut: false) });
    }
}
