using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Streams;

/// <summary>The publisher numbers every event with a position and appends it to the job stream store before any transport sends it.</summary>
public class PublisherStreamTests
{
    [Fact]
    public async Task Publish_AppendsToTheStoreBeforeAnyTransportSends()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);
        var store = h.Services.GetRequiredService<IJobStreamStore>();
        var readableWhenSent = new List<bool>();
        transport.Behavior = async (e, _, ct) =>
        {
            var state = await store.GetStateAsync(e.JobId, ct);
            lock (readableWhenSent)
            {
                readableWhenSent.Add(state is not null && state.Snapshot.Sequence >= e.Sequence);
            }
        };

        h.Publisher.PublishStage("j", "s1");
        h.Publisher.PublishChunk("j", "Hello");
        h.Publisher.PublishCompleted("j");
        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        readableWhenSent.Should().HaveCount(3).And.OnlyContain(readable => readable);
        var read = await store.ReadAsync("j", null);
        read.State!.Streams["output"].Text.Should().Be("Hello");
        (await h.StateStore.GetAsync("j"))!.Type.Should().Be(ProgressEventType.JobComplete, "the default snapshot store is the stream store's view");
    }

    [Fact]
    public async Task Events_CarryTheJobsEpochAndKeptSequence()
    {
        await using var h = PublisherHarness.Create(fakeTime: true);

        h.Publisher.PublishStage("j", "s1");
        h.Publisher.PublishProgress("j", 10);
        h.Publisher.PublishProgress("j", 20);
        h.Publisher.PublishChunk("j", "x");

        var state = await h.Services.GetRequiredService<IJobStreamStore>().GetStateAsync("j");
        var expectedPrefix = h.Time!.GetUtcNow().ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        state!.Position.Epoch.Should().StartWith(expectedPrefix).And.HaveLength(16);
        state.Position.Should().Be(new JobStreamPosition(state.Position.Epoch, 4, 2));
        state.Snapshot.Epoch.Should().Be(state.Position.Epoch);
        state.Snapshot.KeptSequence.Should().Be(2);
    }

    [Fact]
    public async Task StartJob_ContinueFrom_KeepsTheEpochAndNumbersAfterTheCursor()
    {
        var first = new JobStreamPosition("019ae3f2c4e17f3a", 2, 2);
        await using var h = PublisherHarness.Create();

        using (var job = h.Publisher.StartJob("j", continueFrom: first))
        {
            job.Chunk("a");
            job.ReportProgress(50);
            job.Position.Should().Be(new JobStreamPosition("019ae3f2c4e17f3a", 5, 4));
            job.Complete();
        }

        var store = h.Services.GetRequiredService<IJobStreamStore>();
        JobStreamCursor.TryCreate(2, "019ae3f2c4e17f3a", out var cursor).Should().BeTrue();
        var read = await store.ReadAsync("j", cursor);
        read.Outcome.Should().Be(ResumeOutcome.Gapless);
        read.Events.Select(e => (e.Sequence, e.KeptSequence, e.Type)).Should().Equal(
            (3L, (long?)3, ProgressEventType.JobStarted),
            (4L, (long?)4, ProgressEventType.Chunk),
            (5L, (long?)4, ProgressEventType.ProgressUpdate),
            (6L, (long?)5, ProgressEventType.JobComplete));
    }

    [Fact]
    public async Task PositionAsText_HandsOffBetweenTwoPublishers_AsOneGaplessStream()
    {
        await using var ingest = PublisherHarness.Create();
        await using var worker = PublisherHarness.Create();
        string cursor;
        using (var job = ingest.Publisher.AcceptJob("j"))
        {
            job.Start();
            cursor = job.HandOff()!.Value.ToString();
            job.ReportProgress(10);
        }

        (await ingest.Services.GetRequiredService<IJobStreamStore>().GetStateAsync("j"))!.Snapshot.Type
            .Should().Be(ProgressEventType.JobStarted, "a handed-off handle publishes nothing more, not even job_failed abandoned");

        JobStreamPosition.TryParse(cursor, out var handOff).Should().BeTrue();
        using (var job = worker.Publisher.StartJob("j", continueFrom: handOff))
        {
            job.Complete();
        }

        var first = (await ingest.Services.GetRequiredService<IJobStreamStore>().ReadAsync("j", null)).State!.Snapshot;
        var second = await worker.Services.GetRequiredService<IJobStreamStore>().ReadAsync("j", null);
        second.State!.Snapshot.Epoch.Should().Be(first.Epoch);
        second.Position!.Value.Sequence.Should().Be(handOff.Sequence + 2, "job_started, then job_complete, after the hand-off");
    }

    [Fact]
    public async Task ForgottenTracker_ContinuesFromWhatTheStoreKnows()
    {
        await using var h = PublisherHarness.Create(o => o.MaxTrackedJobs = 1);
        var publisher = (ProgressPublisher)h.Publisher;
        h.Publisher.PublishStage("j", "s1", progress: 40);
        h.Publisher.PublishChunk("j", "Hel");
        var before = (await h.Services.GetRequiredService<IJobStreamStore>().GetStateAsync("j"))!.Position;

        publisher.Forget(publisher.Track("j")).Should().BeTrue();
        h.Publisher.PublishChunk("j", "lo");

        var state = (await h.Services.GetRequiredService<IJobStreamStore>().GetStateAsync("j"))!;
        state.Position.Should().Be(before with { Sequence = before.Sequence + 1, KeptSequence = before.KeptSequence + 1 });
        state.Snapshot.Progress.Should().Be(40, "progress never goes down within a job");
        state.Snapshot.Stage.Should().Be("s1");
        state.Streams["output"].Should().BeEquivalentTo(new JobStreamText("Hello", 2, cut: false), "chunk indexes continue");
    }

    [Fact]
    public async Task FinishedJobPublishedAgain_AfterItsEndWasForgotten_StartsALaterEpoch()
    {
        await using var h = PublisherHarness.Create(o => o.MaxTrackedJobs = 1, fakeTime: true);
        var publisher = (ProgressPublisher)h.Publisher;
        h.Publisher.PublishStage("j", "s1");
        h.Publisher.PublishCompleted("j");
        var store = h.Services.GetRequiredService<IJobStreamStore>();
        var finished = (await store.GetStateAsync("j"))!.Position;

        // The publisher remembers at most MaxTrackedJobs ended jobs: another job's end pushes "j" out, while the store
        // still holds its stream.
        h.Publisher.PublishCompleted("other");
        publisher.FinishedJobs.Should().Be(1);
        h.Publisher.PublishStage("j", "again");

        var restarted = (await store.GetStateAsync("j"))!.Position;
        string.CompareOrdinal(restarted.Epoch, finished.Epoch).Should().BePositive("the clock did not move, yet the new epoch sorts later");
        restarted.Sequence.Should().Be(1);
    }
}
