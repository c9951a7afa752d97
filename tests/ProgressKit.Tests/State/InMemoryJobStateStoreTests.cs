using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.State;
using ProgressKit.Streams;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.State;

public class InMemoryJobStateStoreTests
{
    private static ProgressEvent Event(string jobId, long seq, DateTimeOffset at) => new()
    {
        Type = ProgressEventType.ProgressUpdate, JobId = jobId, Sequence = seq, Timestamp = at, Status = JobStatus.Processing, Progress = seq,
    };

    private static (InMemoryJobStateStore Store, FakeTimeProvider Time) Create(int maxJobs = 100)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new ProgressKitOptions { TimeProvider = time };
        options.StateStore.MaxJobs = maxJobs;
        return (new InMemoryJobStateStore(Microsoft.Extensions.Options.Options.Create(options)), time);
    }

    [Fact]
    public async Task Set_KeepsTheNewestSequence_EvenWhenWritesRace()
    {
        var (store, time) = Create();

        await store.SetAsync(Event("j", 5, time.GetUtcNow()));
        await store.SetAsync(Event("j", 3, time.GetUtcNow()));

        (await store.GetAsync("j"))!.Sequence.Should().Be(5);
        (await store.GetAsync("unknown")).Should().BeNull();
    }

    [Fact]
    public async Task Get_ExpiredSnapshot_ReturnsNull()
    {
        var (store, time) = Create();
        await store.SetAsync(Event("j", 1, time.GetUtcNow()));

        time.Advance(TimeSpan.FromHours(2));

        (await store.GetAsync("j")).Should().BeNull();
        store.Count.Should().Be(0);
    }

    [Fact]
    public async Task ExpiredSnapshot_IsReleasedByTheTimer_WithoutARead()
    {
        var (store, time) = Create();
        using var _ = store;
        await store.SetAsync(Event("j", 1, time.GetUtcNow()));
        var scan = JobStreamStoreOptions.DefaultExpiryScanInterval;

        time.Advance(JobStateStoreOptions.DefaultTimeToLive - scan);
        store.Count.Should().Be(1);
        time.Advance(scan);

        store.Count.Should().Be(0, "expired snapshots go on the store's timer, not only when read or on overflow");
    }

    [Fact]
    public async Task Store_IsBounded_OldestAreEvicted()
    {
        var (store, time) = Create(maxJobs: 10);
        for (var i = 0; i < 11; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await store.SetAsync(Event($"j{i}", 1, time.GetUtcNow()));
        }

        store.Evict();

        store.Count.Should().BeLessThanOrEqualTo(9);
        (await store.GetAsync("j10")).Should().NotBeNull("the newest survive");
        (await store.GetAsync("j0")).Should().BeNull("the oldest go first");
    }

    [Fact]
    public async Task Set_SeveralTimesMaxJobsFromSeveralThreads_WhileTrimming_NeverFailsAndHoldsTheBound()
    {
        // Before the fix, trimming sorted the live map with LINQ (Count, then CopyTo): an insert in between made CopyTo
        // throw on a thread-pool work item, which ends the process. Here a thread also trims in a loop, so trims
        // overlap inserts all the time.
        const int maxJobs = 500;
        const int threads = 8;
        const int minJobsPerThread = 5 * maxJobs;
        const int maxJobsPerThread = 100 * maxJobs;
        const int overlappingPasses = 2_000;
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new ProgressKitOptions { TimeProvider = time };
        options.StateStore.MaxJobs = maxJobs;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var metrics = new ProgressKitMetrics(meters);
        using var failures = new MetricCollector<long>(meters, ProgressKitDiagnostics.MeterName, "progresskit.background.failures");
        var logs = new FakeLogger();
        var store = new InMemoryJobStateStore(Microsoft.Extensions.Options.Options.Create(options), logs, metrics);

        // The trimmer makes a fixed number of passes; writers keep inserting new jobs until it is done (or a cap), so
        // the passes overlap inserts. The cap bounds the run on a loaded machine.
        long clock = 0;
        var trimmer = Task.Factory.StartNew(
            () =>
            {
                for (var pass = 0; pass < overlappingPasses; pass++)
                {
                    store.Evict();
                }
            },
            TaskCreationOptions.LongRunning);
        var writers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                // Dedicated threads: on a busy pool the trimmer could otherwise run before the writers start.
                var i = 0;
                for (; i < minJobsPerThread || (!trimmer.IsCompleted && i < maxJobsPerThread); i++)
                {
                    // Timestamps follow insertion order, as publish times do.
                    EnsureCompleted(store.SetAsync(Event($"t{t}-j{i}", 1, time.GetUtcNow().AddTicks(Interlocked.Increment(ref clock)))));
                }

                return i;
            },
            TaskCreationOptions.LongRunning)).ToArray();
        var written = await Task.WhenAll(writers).WaitAsync(TestTimeouts.Signal);
        await trimmer.WaitAsync(TestTimeouts.Signal);

        await WaitUntilAsync(() => !store.IsEvicting && store.Count <= maxJobs);
        store.Count.Should().BeLessThanOrEqualTo(maxJobs, "the bound holds once the last trim has run")
            .And.BeGreaterThanOrEqualTo(maxJobs * 9 / 10, "overlapping trims never remove more than the excess");
        logs.Collector.GetSnapshot().Should().NotContain(r => r.Id.Id == 1044, "no trim failed");
        failures.GetMeasurementSnapshot().Should().BeEmpty();
        var newestTicks = Volatile.Read(ref clock);
        var newest = await Task.WhenAll(Enumerable.Range(0, threads).Select(t => store.GetAsync($"t{t}-j{written[t] - 1}").AsTask()));
        newest.Should().Contain(e => e != null && e.Timestamp == time.GetUtcNow().AddTicks(newestTicks), "the newest snapshot survives trimming");
    }

    [Fact]
    public async Task Set_BeyondTheBound_TrimsInTheBackgroundWithoutAnExplicitEvict()
    {
        var (store, time) = Create(maxJobs: 100);

        for (var i = 0; i < 1_000; i++)
        {
            await store.SetAsync(Event($"j{i}", 1, time.GetUtcNow().AddTicks(i)));
        }

        await WaitUntilAsync(() => !store.IsEvicting && store.Count <= 100);
        store.Count.Should().BeLessThanOrEqualTo(100);
    }

    private static void EnsureCompleted(ValueTask pending)
    {
        pending.IsCompletedSuccessfully.Should().BeTrue("the in-memory store completes synchronously");
        pending.GetAwaiter().GetResult();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within the signal timeout");
            await Task.Delay(1);
        }
    }
}
