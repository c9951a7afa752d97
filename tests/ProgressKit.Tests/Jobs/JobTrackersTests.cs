using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Jobs;

/// <summary>What the publisher keeps per job, and when it lets it go (issue 17, part 6).</summary>
public class JobTrackersTests
{
    [Fact]
    public async Task TerminalEvent_ReleasesTheTrackerAtOnce_LaterEventsAreStillDroppedAsAfterTerminal()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(fakeTime: true, transports: transport);
        var publisher = (ProgressPublisher)h.Publisher;

        h.Publisher.PublishStage("j", "s1");
        h.Publisher.PublishCompleted("j");

        publisher.TrackedJobs.Should().Be(0, "nothing follows a terminal event, so the tracker goes at once");
        publisher.FinishedJobs.Should().Be(1);
        h.Publisher.PublishProgress("j", 50);
        using (var again = h.Publisher.StartJob("j"))
        {
            again.Status.Should().Be(JobStatus.Completed, "a handle opened on an ended job sees how it ended");
        }

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Select(e => e.Type).Should().Equal(ProgressEventType.StageStarted, ProgressEventType.JobComplete);
        h.Dropped.GetMeasurementSnapshot().Should().HaveCount(3, "the progress, the handle's job_started and its abandonment on Dispose")
            .And.OnlyContain(m => (string?)m.Tags["reason"] == DropReasons.AfterTerminal);
        publisher.TrackedJobs.Should().Be(0);
    }

    [Fact]
    public async Task HandleCompletes_ReleasesTheTrackerAtOnce_TheHandleStillAnswers()
    {
        await using var h = PublisherHarness.Create(fakeTime: true);
        var publisher = (ProgressPublisher)h.Publisher;

        using var job = h.Publisher.StartJob("j");
        job.ReportProgress(40);
        publisher.TrackedJobs.Should().Be(1);
        job.Complete();

        publisher.TrackedJobs.Should().Be(0);
        job.Status.Should().Be(JobStatus.Completed);
        job.Progress.Should().Be(100);
    }

    [Fact]
    public async Task EndedJob_IsForgottenByTheTimerAfterTheRetention_WithoutANewJob()
    {
        await using var h = PublisherHarness.Create(o => o.Streams.FinishedJobRetention = TimeSpan.FromMinutes(10), fakeTime: true);
        var publisher = (ProgressPublisher)h.Publisher;
        var scan = h.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProgressKitOptions>>().Value.Streams.ExpiryScanInterval;
        h.Publisher.PublishCompleted("j");

        h.Time!.Advance(TimeSpan.FromMinutes(10) - scan);
        publisher.FinishedJobs.Should().Be(1);
        h.Time.Advance(scan);

        publisher.FinishedJobs.Should().Be(0, "the timer forgets it; no new job id is needed");
        (await h.Services.GetRequiredService<IJobStreamStore>().GetStateAsync("j")).Should().BeNull("the stream went with the same retention");
    }

    [Fact]
    public async Task SilentJobWithoutHandle_IsReleasedByTheTimerAfterTheIdleTimeToLive()
    {
        await using var h = PublisherHarness.Create(o => o.Streams.IdleTimeToLive = TimeSpan.FromMinutes(5), fakeTime: true);
        var publisher = (ProgressPublisher)h.Publisher;
        h.Publisher.PublishProgress("silent", 10);

        h.Time!.Advance(TimeSpan.FromMinutes(4));
        publisher.TrackedJobs.Should().Be(1);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        publisher.TrackedJobs.Should().Be(0);
    }

    [Fact]
    public async Task QuietJobWithALiveHandle_IsNeverReleased()
    {
        await using var h = PublisherHarness.Create(o => o.Streams.IdleTimeToLive = TimeSpan.FromMinutes(5), fakeTime: true);
        var publisher = (ProgressPublisher)h.Publisher;
        using var job = h.Publisher.StartJob("quiet");

        h.Time!.Advance(TimeSpan.FromHours(3));

        publisher.TrackedJobs.Should().Be(1);
        job.ReportProgress(50);
        job.Position!.Value.Sequence.Should().Be(2, "the job goes on where it was");
    }

    [Fact]
    public async Task JobEndsWhilePublishersRaceItsFirstEvents_NoEventFollowsTheEnd()
    {
        const int jobs = 300;
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(transports: transport);
        var store = h.Services.GetRequiredService<IJobStreamStore>();

        for (var j = 0; j < jobs; j++)
        {
            var id = $"race-{j}";
            using var start = new Barrier(4);
            var racers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 5; i++)
                {
                    h.Publisher.PublishProgress(id, i);
                }
            })).Append(Task.Run(() =>
            {
                start.SignalAndWait();
                h.Publisher.PublishCompleted(id);
            })).ToArray();
            await Task.WhenAll(racers).WaitAsync(TestTimeouts.Signal);
        }

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        for (var j = 0; j < jobs; j++)
        {
            (await store.GetStateAsync($"race-{j}"))!.Snapshot.IsTerminal.Should().BeTrue($"job race-{j} ended last");
        }

        foreach (var job in transport.Delivered.GroupBy(e => e.JobId))
        {
            job.Select(e => e.Epoch).Distinct().Should().ContainSingle($"job {job.Key} never started over");
            job.Last().IsTerminal.Should().BeTrue($"nothing of job {job.Key} follows its end");
        }
    }
}
