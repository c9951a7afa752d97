using BenchmarkDotNet.Attributes;
using ProgressKit.Benchmarks.Core.Support;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// The cost to the job of reporting one event, beside what users write instead, all against the same 1 ms transport:
/// awaiting the transport inline (the baseline) and <c>Task.Run</c> per event.
/// </summary>
/// <remarks>
/// BenchmarkDotNet calls each method back to back, so the ProgressKit rows are the flooding regime: the lane fills and
/// the publisher drops what it must (counted); the paced regime is the <c>publish-latency</c> custom run.
/// "Allocated" counts every thread (dispatcher, thread pool, timers), not only the caller's.
/// </remarks>
[MemoryDiagnoser]
public class PublishCallBenchmarks
{
    private const string JobId = "bench-publish";
    private static readonly TimeSpan TransportLatency = TimeSpan.FromMilliseconds(1);

    private DelayTransport _transport = null!;
    private HandRolledEvents _events = null!;
    private ProgressKitHost _host = null!;
    private IProgressPublisher _publisher = null!;
    private IProgressJob _job = null!;

    [GlobalSetup]
    public void Setup()
    {
        _transport = new DelayTransport(TransportLatency);
        _events = new HandRolledEvents(JobId);
        _host = ProgressKitHost.Start(_transport);
        _publisher = _host.Publisher;
        _job = _publisher.StartJob("bench-job-handle", stages: [("ingest", 1), ("work", 3)]);
        _job.StartStage("work");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _job.DisposeAsync();
        await _host.DisposeAsync();
        Console.WriteLine($"// {_transport.Name} completed {_transport.Count:N0} sends");
    }

    [Benchmark(Baseline = true, Description = "hand-rolled: await 1 ms transport inline")]
    public async Task AwaitTransportInline() =>
        await _transport.SendAsync(_events.StageStarted("work", 50), CancellationToken.None);

    [Benchmark(Description = "hand-rolled: Task.Run per event")]
    public void TaskRunPerEvent()
    {
        var progressEvent = _events.StageStarted("work", 50);
        _ = Task.Run(async () => await _transport.SendAsync(progressEvent, CancellationToken.None));
    }

    [Benchmark(Description = "ProgressKit: PublishStage by id")]
    public void PublishStage() => _publisher.PublishStage(JobId, "work", progress: 50);

    [Benchmark(Description = "ProgressKit: job.ReportStageProgress")]
    public void ReportStageProgress() => _job.ReportStageProgress(0.5);
}
