using BenchmarkDotNet.Attributes;
using ProgressKit.Benchmarks.Core.Support;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// The publish call while flooding (called back to back) with the fastest transport, beside the hand-rolled bounded
/// <c>Channel&lt;T&gt;</c> of the same capacity written with <c>TryWrite</c> (the baseline).
/// </summary>
/// <remarks>
/// "Allocated" counts every thread, so the dispatcher's own per-event allocations show here; the target is no
/// allocation besides the event itself (see <see cref="EventOnly"/> for the event's size).
/// </remarks>
[MemoryDiagnoser]
public class PublishFloodingBenchmarks
{
    private const string JobId = "bench-flood";

    private CountingTransport _transport = null!;
    private HandRolledEvents _events = null!;
    private RawChannelPump _raw = null!;
    private ProgressKitHost _host = null!;
    private IProgressPublisher _publisher = null!;
    private IProgressJob _job = null!;

    [GlobalSetup]
    public void Setup()
    {
        _transport = new CountingTransport();
        _events = new HandRolledEvents(JobId);
        _raw = new RawChannelPump(_transport, ProgressKitOptions.DefaultBufferCapacity);
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
        await _raw.DisposeAsync();
        Console.WriteLine($"// {_transport.Name} received {_transport.Count:N0} sends; raw channel dropped {_raw.Dropped:N0}");
    }

    [Benchmark(Description = "the event alone (allocation reference)")]
    public object EventOnly() => _events.StageStarted("work", 50);

    [Benchmark(Baseline = true, Description = "hand-rolled: bounded Channel TryWrite")]
    public void RawChannelTryWrite() => _raw.Write(_events.StageStarted("work", 50));

    [Benchmark(Description = "ProgressKit: PublishStage by id")]
    public void PublishStage() => _publisher.PublishStage(JobId, "work", progress: 50);

    [Benchmark(Description = "ProgressKit: job.ReportStageProgress")]
    public void ReportStageProgress() => _job.ReportStageProgress(0.5);
}
