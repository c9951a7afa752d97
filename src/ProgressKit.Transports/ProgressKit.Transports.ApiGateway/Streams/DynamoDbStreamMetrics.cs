using System.Diagnostics.Metrics;

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>The DynamoDB job stream store's instruments on the <c>ProgressKit.DynamoDB</c> meter (names and tags are stable).</summary>
internal sealed class DynamoDbStreamMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ProgressKit.DynamoDB";

    private readonly Meter _meter;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _evicted;
    private readonly Counter<long> _reads;
    private readonly Counter<long> _resumes;
    private readonly Histogram<long> _replaySize;

    public DynamoDbStreamMetrics(IMeterFactory? meterFactory, Func<long> queued)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _writes = _meter.CreateCounter<long>("progresskit.dynamodb.stream.writes", "{event}", "Events written to jobs' items, by outcome (stored, refused, failed, conflict).");
        _dropped = _meter.CreateCounter<long>("progresskit.dynamodb.stream.dropped", "{event}", "Events never written to DynamoDB, by reason (queue_full, disposed).");
        _evicted = _meter.CreateCounter<long>("progresskit.dynamodb.stream.evicted", "{event}", "Events evicted from jobs' logs in DynamoDB, by reason (job_events, job_bytes, item_size, discontinuity).");
        _reads = _meter.CreateCounter<long>("progresskit.dynamodb.stream.reads", "{read}", "Reads of the job stream store, by source (dynamodb, local, merged, fallback).");
        _resumes = _meter.CreateCounter<long>("progresskit.dynamodb.stream.resumes", "{resume}", "Resumes the store answered, by outcome (gapless, truncated, new_epoch).");
        _replaySize = _meter.CreateHistogram<long>("progresskit.dynamodb.stream.replay.size", "{event}", "Events replayed by a gapless resume the store answered.");
        _meter.CreateObservableGauge("progresskit.dynamodb.stream.queued", queued, "{event}", "Events waiting for the background writer.");
    }

    public void Written(string outcome, long count = 1)
    {
        if (count > 0)
        {
            _writes.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Evicted(ItemEvictions evictions)
    {
        Evicted("job_events", evictions.JobEvents);
        Evicted("job_bytes", evictions.JobBytes);
        Evicted("item_size", evictions.ItemSize);
        Evicted("discontinuity", evictions.Discontinuity);
    }

    public void Read(string source) => _reads.Add(1, new KeyValuePair<string, object?>("source", source));

    public void Resumed(ProgressKit.Streams.ResumeOutcome outcome, int replayed)
    {
        var name = outcome switch
        {
            ProgressKit.Streams.ResumeOutcome.Gapless => "gapless",
            ProgressKit.Streams.ResumeOutcome.NewEpoch => "new_epoch",
            _ => "truncated",
        };
        _resumes.Add(1, new KeyValuePair<string, object?>("outcome", name));
        if (outcome == ProgressKit.Streams.ResumeOutcome.Gapless)
        {
            _replaySize.Record(replayed);
        }
    }

    public void Dispose() => _meter.Dispose();

    private void Evicted(string reason, int count)
    {
        if (count > 0)
        {
            _evicted.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }
}
