using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Tests.Streams;

/// <summary>An in-memory job stream store on a fake clock, with a fake logger and metric collectors.</summary>
internal sealed class StreamStoreHarness : IDisposable
{
    public const string Epoch = "019ae3f2c4e17f3a";
    public const string LaterEpoch = "019ae3f2c4e27f3a";

    private readonly ServiceProvider _services;

    public StreamStoreHarness(Action<JobStreamStoreOptions>? configure = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
        Options = new JobStreamStoreOptions();
        configure?.Invoke(Options);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        Meters = meters;
        Evicted = new MetricCollector<long>(meters, "ProgressKit", "progresskit.stream.evicted");
        Released = new MetricCollector<long>(meters, "ProgressKit", "progresskit.stream.released");
        Refused = new MetricCollector<long>(meters, "ProgressKit", "progresskit.stream.refused");
        Resumes = new MetricCollector<long>(meters, "ProgressKit", "progresskit.stream.resumes");
        Failures = new MetricCollector<long>(meters, "ProgressKit", "progresskit.background.failures");
        BackgroundMetrics = new ProgressKitMetrics(meters);
        Store = new InMemoryJobStreamStore(Options, Time, Logger, meters, BackgroundMetrics);
    }

    public JobStreamStoreOptions Options { get; }

    /// <summary>Gets the meter factory the store records on, for a collector of an instrument the harness does not collect.</summary>
    public IMeterFactory Meters { get; }

    public FakeTimeProvider Time { get; }

    public FakeLogger Logger { get; } = new();

    public InMemoryJobStreamStore Store { get; }

    public MetricCollector<long> Evicted { get; }

    public MetricCollector<long> Released { get; }

    public MetricCollector<long> Refused { get; }

    public MetricCollector<long> Resumes { get; }

    public MetricCollector<long> Failures { get; }

    public ProgressKitMetrics BackgroundMetrics { get; }

    public static long Sum(MetricCollector<long> collector, string reason) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], reason)).Sum(m => m.Value);

    public void Dispose()
    {
        Store.Dispose();
        BackgroundMetrics.Dispose();
        Evicted.Dispose();
        Released.Dispose();
        Refused.Dispose();
        Resumes.Dispose();
        Failures.Dispose();
        _services.Dispose();
    }
}

/// <summary>Publishes one job's events with positions the way the publisher numbers them (seq, kept_seq, chunk indexes).</summary>
internal sealed class JobScript(string jobId, string epoch = StreamStoreHarness.Epoch)
{
    private readonly Dictionary<string, long> _chunkIndexes = new(StringComparer.Ordinal);

    public long Sequence { get; private set; }

    public long Kept { get; private set; }

    public ProgressEvent Next(ProgressEventType type = ProgressEventType.StageStarted, string? text = null, string stream = "output")
    {
        Sequence++;
        if (type != ProgressEventType.ProgressUpdate)
        {
            Kept++;
        }

        ChunkInfo? chunk = null;
        if (type == ProgressEventType.Chunk)
        {
            var index = _chunkIndexes.GetValueOrDefault(stream);
            _chunkIndexes[stream] = index + 1;
            chunk = new ChunkInfo { Stream = stream, Index = index, Text = text ?? string.Empty };
        }

        return new ProgressEvent
        {
            Type = type, JobId = jobId, Epoch = epoch, Sequence = Sequence, KeptSequence = Kept, Timestamp = DateTimeOffset.UnixEpoch,
            Status = type.IsTerminal() ? JobStatus.Completed : JobStatus.Processing, Progress = type == ProgressEventType.JobComplete ? 100 : 1,
            Stage = "s", Chunk = chunk, Message = type == ProgressEventType.StageStarted ? text : null,
        };
    }

    public ProgressEvent Chunk(string text, string stream = "output") => Next(ProgressEventType.Chunk, text, stream);

    public ProgressEvent Progress() => Next(ProgressEventType.ProgressUpdate);

    public ProgressEvent Complete() => Next(ProgressEventType.JobComplete);
}
