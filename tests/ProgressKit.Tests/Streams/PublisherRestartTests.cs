using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Streams;

/// <summary>Issue 20, part 2: a job deliberately started over (<see cref="IProgressPublisher.RestartJob"/>) gets a new epoch.</summary>
public class PublisherRestartTests
{
    [Fact]
    public async Task RestartJob_AfterTheTerminalEvent_PublishesJobStartedInALaterEpochAtSeq1()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(fakeTime: true, transports: transport);
        var store = h.Services.GetRequiredService<IJobStreamStore>();
        using (var first = h.Publisher.StartJob("j"))
        {
            first.Chunk("old");
            first.Complete();
        }

        var finished = (await store.GetStateAsync("j"))!.Position;
        h.Publisher.PublishChunk("j", "refused");

        using var restarted = h.Publisher.RestartJob("j");
        restarted.Chunk("new");
        h.Publisher.PublishChunk("j", " text");
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        var newRun = transport.Delivered.Where(e => e.Epoch != finished.Epoch).ToList();
        newRun.Select(e => (e.Type, e.Sequence, e.KeptSequence, e.Status, e.Chunk?.Index)).Should().Equal(
            (ProgressEventType.JobStarted, 1L, 1L, JobStatus.Processing, (long?)null),
            (ProgressEventType.Chunk, 2L, 2L, JobStatus.Processing, (long?)0),
            (ProgressEventType.Chunk, 3L, 3L, JobStatus.Processing, (long?)1));
        newRun.Select(e => e.Epoch).Distinct().Should().ContainSingle()
            .Which.Should().Match<string>(epoch => string.CompareOrdinal(epoch, finished.Epoch) > 0, "the clock did not move, yet the new epoch sorts later");
        transport.Delivered.Should().NotContain(e => e.Chunk != null && e.Chunk.Text == "refused", "before the restart, the ended job still refused events");
        newRun.Should().OnlyContain(e => e.Progress == 0, "the new run's progress starts from 0");
    }

    [Fact]
    public async Task RestartJob_ResumeWithTheOldCursor_IsNewEpochWithOnlyTheNewRunsText()
    {
        await using var h = PublisherHarness.Create();
        var store = h.Services.GetRequiredService<IJobStreamStore>();
        using (var first = h.Publisher.StartJob("j"))
        {
            first.Chunk("old answer");
            first.Complete();
        }

        var old = (await store.GetStateAsync("j"))!.Position;
        using var restarted = h.Publisher.RestartJob("j");
        restarted.Chunk("new");
        JobStreamCursor.TryCreate(old.Sequence, old.Epoch, out var cursor).Should().BeTrue();

        var read = await store.ReadAsync("j", cursor);

        read.Outcome.Should().Be(ResumeOutcome.NewEpoch);
        read.Position!.Value.Sequence.Should().Be(2);
        read.State!.Streams.Should().ContainSingle().Which.Value.Text.Should().Be("new", "the old run's text is gone with its epoch");
        read.State.Snapshot.Status.Should().Be(JobStatus.Processing);
    }

    [Fact]
    public async Task RestartJob_RunningJob_StartsANewEpoch_AndThePreviousHandlePublishesNothingMore()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);
        var previous = h.Publisher.StartJob("j", stages: [("ingest", 1), ("agents", 1)]);
        previous.Chunk("one");
        var oldEpoch = previous.Position!.Value.Epoch;

        using var restarted = h.Publisher.RestartJob("j");
        previous.Chunk("stale");
        previous.Dispose();
        restarted.Chunk("fresh");
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        var newRun = transport.Delivered.Where(e => e.Epoch != oldEpoch).ToList();
        newRun.Select(e => (e.Type, e.Sequence, e.Chunk?.Text, e.Chunk?.Index)).Should().Equal(
            (ProgressEventType.JobStarted, 1L, (string?)null, (long?)null),
            (ProgressEventType.Chunk, 2L, "fresh", (long?)0));
        string.CompareOrdinal(newRun[0].Epoch, oldEpoch).Should().BePositive();
        transport.Delivered.Should().NotContain(e => e.Type == ProgressEventType.JobFailed, "the previous handle, superseded, is not abandoned");
        transport.Delivered.Should().NotContain(e => e.Chunk != null && e.Chunk.Text == "stale");
        h.Cancellation.IsRunning("j").Should().BeTrue("the new run is the job's open handle");
    }

    [Fact]
    public async Task RestartJob_JobUnknownHere_SharedStoreAnswersLater_StartsAfterTheStoresEpoch()
    {
        var store = new RemoteStreamStore();
        await using var h = PublisherHarness.Create(build: b => b.Services.AddSingleton<IJobStreamStore>(store));
        var running = new JobStreamPosition("fffffffffff0abcd", 9, 7);

        using var restarted = h.Publisher.RestartJob("j");
        restarted.Chunk("new");
        var appendedBeforeTheAnswer = store.Appended.Count;
        store.Answer(new JobStreamState(
            new ProgressEvent
            {
                Type = ProgressEventType.Chunk, JobId = "j", Epoch = running.Epoch, Sequence = running.Sequence,
                KeptSequence = running.KeptSequence, Timestamp = DateTimeOffset.UnixEpoch, Status = JobStatus.Processing, Progress = 40,
            },
            running,
            new Dictionary<string, JobStreamText> { ["output"] = new("old", 4, cut: false) }));
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        appendedBeforeTheAnswer.Should().Be(0, "the restart does not wait for the store; its events do");
        store.Appended.Select(e => (e.Type, e.Sequence, e.Chunk?.Index)).Should().Equal(
            (ProgressEventType.JobStarted, 1L, (long?)null), (ProgressEventType.Chunk, 2L, (long?)0));
        string.CompareOrdinal(store.Appended[0].Epoch, running.Epoch).Should().BePositive("a running job started over does not continue the store's epoch");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData(null)]
    public async Task RestartJob_InvalidJobId_Throws(string? jobId)
    {
        await using var h = PublisherHarness.Create();

        var act = () => h.Publisher.RestartJob(jobId!);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task RestartJob_InvalidStage_ThrowsAndLeavesTheEndedJobAlone()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);
        h.Publisher.PublishCompleted("j");

        var act = () => h.Publisher.RestartJob("j", stages: [("ingest", -1)]);

        act.Should().Throw<ArgumentException>();
        h.Publisher.PublishChunk("j", "x");
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Should().ContainSingle("the ended job still refuses events").Which.Type.Should().Be(ProgressEventType.JobComplete);
    }
}
