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
    private const int Batch = 10_000;

    // What may stay after all the jobs are gone: collections keep the capacity they grew to at the peak of about
    // 20,000 live jobs (the trackers, the ended-job record, the store, the registry, the lane's map and release queue;
    // about 2.4 MB measured). Kept state of the 120,000 jobs at even 100 bytes each would be 12 MB.
    private const long HeapBound = 4L << 20;

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
        var publisher = (ProgressPublisher)provider.GetRequiredService<IProgressPublisher>();
        var store = (InMemoryJobStreamStore)provider.GetRequiredService<IJobStreamStore>();
        var lane = publisher.Dispatcher.Lanes.Single();

        RunShortJobs(publisher, "warm-up", 0, 1_000);
        await FlushAsync(publisher);
        await ExpireAllAsync(publisher, time, lane);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        // Act 1: 100,000 short jobs, half through a handle and half by id (start, progress, complete).
        for (var first = 0; first < ShortJobs; first += Batch)
        {
            RunShortJobs(publisher, "short", first, Batch);
            await FlushAsync(publisher);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // Assert: an ended job's tracker and lane entry went at once, with no timer and no new job.
        publisher.TrackedJobs.Should().Be(0, "a job's tracker is released with its terminal event");
        await WaitUntilAsync(() => lane.JobCount == 0, "an ended job's lane entry is released with its terminal event");
        publisher.FinishedJobs.Should().Be(ProgressKitOptions.DefaultMaxTrackedJobs, "the record of ended jobs is bounded");
        store.JobCount.Should().Be(JobStreamStoreOptions.DefaultMaxJobs, "the store is bounded");

        // Act 2: 20,000 silent jobs: half started through a handle its caller then drops without Dispose (collected
        // below, so those jobs end abandoned), half published to by id once and never again.
        StartAndDropHandles(publisher, SilentJobs / 2);
        for (var i = 0; i < SilentJobs / 2; i++)
        {
            publisher.PublishStage($"silent-by-id-{i}", "work", progress: 10);
        }

        await FlushAsync(publisher);
        CollectGarbage();
        await WaitUntilAsync(() => publisher.Registry.Count == 0, "every dropped handle's job was abandoned");
        await FlushAsync(publisher);
        transport.Terminal.Should().Be(1_000 + ShortJobs + (SilentJobs / 2), "every short job completed and every dropped handle's job was abandoned");

        // Past the retention and the idle time to live, on timers only.
        await ExpireAllAsync(publisher, time, lane);

        // Assert: nothing of any job is left, and the heap is back near where it started.
        publisher.TrackedJobs.Should().Be(0);
        publisher.FinishedJobs.Should().Be(0);
        publisher.Registry.Count.Should().Be(0);
        store.JobCount.Should().Be(0, "snapshots and streams expire on the store's timer");
        store.EventCount.Should().Be(0);
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"heap before {before:N0} B, after {after:N0} B, difference {after - before:N0} B; delivered {transport.Delivered:N0} events");
        (after - before).Should().BeLessThan(HeapBound);
        GC.KeepAlive(provider);
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
    private static void StartAndDropHandles(ProgressPublisher publisher, int count)
    {
        for (var i = 0; i < count; i++)
        {
            publisher.StartJob($"silent-dropped-{i}").ReportProgress(10);
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
}
