using System.Diagnostics.Metrics;

namespace ProgressKit.Streams.StackExchangeRedis.Diagnostics;

/// <summary>The Redis job stream store's instruments on the <c>ProgressKit.Redis</c> meter (tags are stable).</summary>
internal sealed class RedisStreamMetrics : IDisposable
{
    /// <summary>The meter's name, shared with the SignalR scale-out.</summary>
    public const string MeterName = "ProgressKit.Redis";

    private readonly Meter _meter;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _evicted;
    private readonly Counter<long> _released;
    private readonly Counter<long> _reads;
    private readonly Counter<long> _resumes;
    private readonly Histogram<long> _replaySize;

    public RedisStreamMetrics(IMeterFactory? meterFactory, Func<long> queued)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _writes = _meter.CreateCounter<long>("progresskit.redis.stream.writes", "{event}", "Events written to the shared job stream log, by outcome (stored, refused, failed).");
        _dropped = _meter.CreateCounter<long>("progresskit.redis.stream.dropped", "{event}", "Events never written to Redis, by reason (queue_full, disposed).");
        _evicted = _meter.CreateCounter<long>("progresskit.redis.stream.evicted", "{event}", "Events evicted from the shared log in Redis, by reason (job_events, job_bytes, discontinuity).");
        _released = _meter.CreateCounter<long>("progresskit.redis.stream.released", "{job}", "Jobs whose keys Redis deleted, by reason (capacity: past MaxJobs; total_bytes: past MaxTotalBytes).");
        _reads = _meter.CreateCounter<long>("progresskit.redis.stream.reads", "{read}", "Reads of the shared job stream, by source (redis, local, merged, fallback).");
        _resumes = _meter.CreateCounter<long>("progresskit.redis.stream.resumes", "{resume}", "Resumes the shared store answered, by outcome (gapless, truncated, new_epoch).");
        _replaySize = _meter.CreateHistogram<long>("progresskit.redis.stream.replay.size", "{event}", "Events replayed by a gapless resume the shared store answered.");
        _meter.CreateObservableGauge("progresskit.redis.stream.queued", queued, "{event}", "Events waiting for the background writer.");
    }

    public void Written(string outcome, long count = 1) => _writes.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Evicted(string reason, long count)
    {
        if (count > 0)
        {
            _evicted.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void Released(string reason, long count)
    {
        if (count > 0)
        {
            _released.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void Read(string source) => _reads.Add(1, new KeyValuePair<string, object?>("source", source));

    public void Resumed(ResumeOutcome outcome, int replayed)
    {
        _resumes.Add(1, new KeyValuePair<string, object?>("outcome", MetricTags.Of(outcome)));
        if (outcome == ResumeOutcome.Gapless)
        {
            _replaySize.Record(replayed);
        }
    }

    public void Dispose() => _meter.Dispose();
}
