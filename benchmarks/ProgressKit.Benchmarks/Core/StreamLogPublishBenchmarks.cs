using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Benchmarks.Core.Support;
using ProgressKit.Streams;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// What the job stream log adds to a publish call (issue 20, target at most 20 % above): the same calls with the
/// default in-memory <see cref="IJobStreamStore"/> (log on) and with <see cref="SnapshotOnlyStreamStore"/> (log off,
/// the newest event only, as before the log), each log-off row the baseline of its category, in the same run.
/// </summary>
/// <remarks>
/// Flooding regime (calls back to back, fastest transport): the lane fills and drops what it must on both sides alike.
/// A stage transition is one log entry; a chunk is one log entry plus its text appended to the stream (until the
/// per-job text bound, 65,536 characters, after which the stream is cut and only the log grows, within its bounds).
/// Each kind of event is measured by job id and through a job handle (which skips the lookup of the job id).
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StreamLogPublishBenchmarks
{
    private const string JobId = "bench-log";

    private CountingTransport _logOffTransport = null!;
    private CountingTransport _logOnTransport = null!;
    private ProgressKitHost _logOff = null!;
    private ProgressKitHost _logOn = null!;
    private IProgressJob _logOffJob = null!;
    private IProgressJob _logOnJob = null!;

    [GlobalSetup]
    public void Setup()
    {
        _logOffTransport = new CountingTransport("log-off");
        _logOnTransport = new CountingTransport("log-on");
        _logOff = ProgressKitHost.Start(_logOffTransport, extend: b => b.Services.AddSingleton<IJobStreamStore, SnapshotOnlyStreamStore>());
        _logOn = ProgressKitHost.Start(_logOnTransport);
        _logOffJob = _logOff.Publisher.StartJob("bench-log-job");
        _logOnJob = _logOn.Publisher.StartJob("bench-log-job");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _logOffJob.DisposeAsync();
        await _logOnJob.DisposeAsync();
        await _logOff.DisposeAsync();
        await _logOn.DisposeAsync();
        Console.WriteLine($"// log off sent {_logOffTransport.Count:N0}, log on sent {_logOnTransport.Count:N0}");
    }

    [Benchmark(Baseline = true, Description = "log off: PublishStage by id")]
    [BenchmarkCategory("stage")]
    public void StageLogOff() => _logOff.Publisher.PublishStage(JobId, "work", progress: 50);

    [Benchmark(Description = "log on: PublishStage by id")]
    [BenchmarkCategory("stage")]
    public void StageLogOn() => _logOn.Publisher.PublishStage(JobId, "work", progress: 50);

    [Benchmark(Baseline = true, Description = "log off: job.ReportStageProgress")]
    [BenchmarkCategory("stage-handle")]
    public void StageProgressLogOff() => _logOffJob.ReportStageProgress(0.5);

    [Benchmark(Description = "log on: job.ReportStageProgress")]
    [BenchmarkCategory("stage-handle")]
    public void StageProgressLogOn() => _logOnJob.ReportStageProgress(0.5);

    [Benchmark(Baseline = true, Description = "log off: PublishChunk by id")]
    [BenchmarkCategory("chunk-id")]
    public void ChunkByIdLogOff() => _logOff.Publisher.PublishChunk(JobId, "forty characters of streamed answer text");

    [Benchmark(Description = "log on: PublishChunk by id")]
    [BenchmarkCategory("chunk-id")]
    public void ChunkByIdLogOn() => _logOn.Publisher.PublishChunk(JobId, "forty characters of streamed answer text");

    [Benchmark(Baseline = true, Description = "log off: job.Chunk (40 chars)")]
    [BenchmarkCategory("chunk")]
    public void ChunkLogOff() => _logOffJob.Chunk("forty characters of streamed answer text");

    [Benchmark(Description = "log on: job.Chunk (40 chars)")]
    [BenchmarkCategory("chunk")]
    public void ChunkLogOn() => _logOnJob.Chunk("forty characters of streamed answer text");
}
