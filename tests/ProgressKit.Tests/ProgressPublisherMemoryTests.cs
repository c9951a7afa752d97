using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProgressKit.Streams;
using ProgressKit.Tests.Fakes;
using Xunit.Abstractions;

namespace ProgressKit.Tests;

/// <summary>Memory that is returned (issue 17, part 6): everything a job costs goes back once the job ended or went silent.</summary>
[Collection(WholeProcessCollection.Name)]
public sealed class ProgressPublisherMemoryTests(ITestOutputHelper output)
{
    private const int ShortJobs = 100_000;
    private const int SilentJobs = 20_000;
    private const int Batch = 1_000;

    // A second round of the whole workload may leave at most 20 bytes a job more than the first did (measured: up to
    // about 0.9 MB, as collections whose peak depends on the pump's timing grow their capacity once more). The first
    // round grows the collections to their peak of about 20,000 live jobs, whose capacity they keep (about 2.5 MB).
    // A job's tracker alone is a few hundred bytes: kept state of the round's 120,000 jobs would be tens of MB.
    private const long HeapBound = 20L * (ShortJobs + SilentJobs);

    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ShortAndSilentJobs_TrackersSnapshotsLanesAndHeap_ReturnToASmallBound()
    {
        // Arrange: a minimum progress interval (which used to keep every job's lane entry) and a transport that only
        // counts, with no log or metric collector, so that what the test measures is the library's own memory.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero));
        var transport = new CountingTransport();
        var services = new ServiceCollection().AddMetrics().AddLogging();
        services.AddProgressKit(o =>
        {
            o.TimeProvider = time;
            o.MinProgressInterval = TimeSpan.FromSeconds(1);
            o.Streams.FinishedJobRetention = Retention;
            o.Streams.IdleTimeToLive = Retention;
            o.Streams.ExpiryScanInterval = ScanInterval;
        }).AddTransport(_ => transport);
        await using var provider = services.BuildServiceProvider();
        var sut = new System(
            (ProgressPublisher)provider.GetRequiredService<IProgressPublisher>(),
            (InMemoryJobStreamStore)provider.GetRequiredService<IJobStreamStore>(),
            transport,
            time);
        var start = GC.GetTotalMemory(forceFullCollection: true);

        // Act and assert: the whole workload twice; each round ends with nothing of any job left.
        await RunRoundAsync(sut, "first");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await RunRoundAsync(sut, "second");
        var after = GC.GetTotalMemory(forceFullCollection: true);

        // Assert: the second round left the heap where the first left it.
        output.WriteLine($"heap at start {start:N0} B, after the first round {before:N0} B, after the second {after:N0} B; delivered {transport.Delivered:N0} events");
        (after - before).Should().BeLessThan(HeapBound);
        GC.KeepAlive(provider);
    }

    private static async Task RunRoundAsync(System sut, string round)
    {
        var (publisher, store, transport, time) = sut;
        var lane = publisher.Dispatcher.Lanes.Single();
        var terminalBefore = transport.Terminal;

        // 100,000 short jobs, half through a handle and half by id (start, progress, complete).
        for (var first = 0; first < ShortJobs; first += Batch)
        {
            RunShortJobs(publisher, $"{round}-short", first, Batch);
            await FlushAsync(publisher);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // An ended job's tracker and lane entry went at once, with no timer and no new job.
        publisher.TrackedJobs.Should().Be(0, "a job's tracker is released with its terminal event");
        await WaitUntilAsync(() => lane.JobCount == 0, "an ended job's lane entry is released with its terminal event");
        publisher.FinishedJobs.Should().Be(ProgressKitOptions.DefaultMaxTrackedJobs, "the record of ended jobs is bounded");
        store.JobCount.Should().Be(JobStreamStoreOptions.DefaultMaxJobs, "the store is bounded");

        // 20,000 silent jobs: half started through a handle its caller then drops without Dispose (collected below, so
        // those jobs end abandoned), half published to by id once and never again.
        StartAndDropHandles(publisher, $"{round}-silent-dropped", SilentJobs / 2);
        for (var i = 0; i < SilentJobs / 2; i++)
        {
            publisher.PublishStage($"{round}-silent-by-id-{i}", "work", progress: 10);
        }

        await FlushAsync(publisher);
        CollectGarbage();
        await WaitUntilAsync(() => publisher.Registry.Count == 0, "every dropped handle's job was abandoned");
        await FlushAsync(publisher);
        (transport.Terminal - terminalBefore).Should().Be(ShortJobs + (SilentJobs / 2), "every short job completed and every dropped handle's job was abandoned");

        // Past the retention and the idle time to live, on timers only: nothing of any job is left.
        await ExpireAllAsync(publisher, time, lane);
        publisher.TrackedJobs.Should().Be(0);
        publisher.FinishedJobs.Should().Be(0);
        publisher.Registry.Count.Should().Be(0);
        store.JobCount.Should().Be(0, "snapshots and streams expire on the store's timer");
        store.EventCount.Should().Be(0);
    }

    private static void RunShortJobs(ProgressPublisher publisher, string prefix, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            var id = $"{prefix}-{i}";
            if (i % 2 == 0)
            {
                using var job = publisher.StartJob(id);
                job.ReportProgress(50);
                job.Complete();
            }
            else
            {
                publisher.PublishStage(id, "work");
                publisher.PublishProgress(id, 50);
                publisher.PublishCompleted(id);
            }
        }
    }

    // Not inlined, so that no local of the test keeps a handle alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartAndDropHandles(ProgressPublisher publisher, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            publisher.StartJob($"{prefix}-{i}").ReportProgress(10);
        }
    }

    private static async Task ExpireAllAsync(ProgressPublisher publisher, FakeTimeProvider time, ProgressKit.Dispatch.TransportLane lane)
    {
        // One scan interval at a time, so each timer fires at every tick it would have in real time.
        for (var elapsed = TimeSpan.Zero; elapsed <= Retention + ScanInterval; elapsed += ScanInterval)
        {
            time.Advance(ScanInterval);
        }

        await WaitUntilAsync(() => lane.JobCount == 0, "a silent job's lane entry is released when its interval ends");
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
    }

    private static async Task FlushAsync(ProgressPublisher publisher) =>
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, because);
            await Task.Delay(1);
        }
    }

    private sealed record System(ProgressPublisher Publisher, InMemoryJobStreamStore Store, CountingTransport Transport, FakeTimeProvider Time);
}
