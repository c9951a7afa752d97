using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;
using ProgressKit.Diagnostics;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Jobs;

public class TrackerSweepTests
{
    [Fact]
    public async Task PublishById_SeveralTimesMaxTrackedJobsFromSeveralThreads_SweepsWithoutFailing_BoundHolds()
    {
        const int maxTracked = 200;
        const int threads = 8;
        const int jobsPerThread = 5 * maxTracked;
        await using var harness = PublisherHarness.Create(o => o.MaxTrackedJobs = maxTracked);
        var publisher = harness.Services.GetRequiredService<ProgressPublisher>();
        using var failures = new MetricCollector<long>(
            harness.Services.GetRequiredService<IMeterFactory>(), ProgressKitDiagnostics.MeterName, "progresskit.background.failures");
        using var stop = new CancellationTokenSource();
        var sweeper = Task.Run(() =>
        {
            var passes = 0;
            while (!stop.IsCancellationRequested || passes == 0)
            {
                publisher.Sweep();
                passes++;
            }

            return passes;
        });

        var writers = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < jobsPerThread; i++)
            {
                // Every thread also publishes to the jobs of the thread before it: first publishes race.
                harness.Publisher.PublishProgress($"t{t}-j{i}", 10);
                harness.Publisher.PublishProgress($"t{(t + 1) % threads}-j{i}", 20);
            }
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TestTimeouts.Signal);
        await stop.CancelAsync();
        (await sweeper.WaitAsync(TestTimeouts.Signal)).Should().BePositive();

        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (publisher.IsSweeping || publisher.TrackedJobs > maxTracked)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the sweep should bring the trackers under the bound");
            await Task.Delay(1);
        }

        publisher.TrackedJobs.Should().BeLessThanOrEqualTo(maxTracked);
        failures.GetMeasurementSnapshot().Should().BeEmpty();
        harness.Logs.GetSnapshot().Should().NotContain(r => r.Id.Id == 1044);
    }

    [Fact]
    public async Task Sweep_EveryTrackerHasAHandle_DoesNotRescheduleItselfForever()
    {
        await using var harness = PublisherHarness.Create(o => o.MaxTrackedJobs = 2);
        var publisher = harness.Services.GetRequiredService<ProgressPublisher>();
        var jobs = Enumerable.Range(0, 5).Select(i => harness.Publisher.StartJob($"j{i}")).ToArray();

        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (publisher.IsSweeping)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "a sweep that can remove nothing must stop");
            await Task.Delay(1);
        }

        publisher.TrackedJobs.Should().Be(5, "jobs with a live handle are never swept");
        foreach (var job in jobs)
        {
            job.Complete();
            await job.DisposeAsync();
        }
    }
}
