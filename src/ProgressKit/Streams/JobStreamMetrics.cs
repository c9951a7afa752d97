using System.Diagnostics.Metrics;
using ProgressKit.Diagnostics;

namespace ProgressKit.Streams;

/// <summary>The job stream store's instruments on the <c>ProgressKit</c> meter (see <c>docs/diagnostics.md</c>).</summary>
internal sealed class JobStreamMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _evicted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _released;
    private readonly Counter<long> _resumes;
    private readonly Histogram<long> _replaySize;

    public JobStreamMetrics(IMeterFactory? meterFactory, Func<long> jobs, Func<long> events, Func<long> bytes)
    {
        _meter = meterFactory?.Create(ProgressKitDiagnostics.MeterName) ?? new Meter(ProgressKitDiagnostics.MeterName);
        _evicted = _meter.CreateCounter<long>("progresskit.stream.evicted", "{event}", "Events evicted from the job stream log, by reason.");
        _refused = _meter.CreateCounter<long>("progresskit.stream.refused", "{event}", "Events the job stream store refused because their position was not after the job's, by reason.");
        _released = _meter.CreateCounter<long>("progresskit.stream.released", "{job}", "Jobs the job stream store released, by reason.");
        _resumes = _meter.CreateCounter<long>("progresskit.stream.resumes", "{resume}", "Resumes answered, by outcome.");
        _replaySize = _meter.CreateHistogram<long>("progresskit.stream.replay.size", "{event}", "Events replayed by a gapless resume.");
        _meter.CreateObservableGauge("progresskit.stream.jobs", jobs, "{job}", "Jobs the job stream store holds.");
        _meter.CreateObservableGauge("progresskit.stream.events", events, "{event}", "Events the job stream log holds over all jobs.");
        _meter.CreateObservableGauge("progresskit.stream.bytes", bytes, "By", "Estimated memory of the events the job stream log holds.");
    }

    public void Evicted(string reason, long count) => _evicted.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Released(string reason, long count) => _released.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Resumed(ResumeOutcome outcome, int replayed)
    {
        _resumes.Add(1, new KeyValuePair<string, object?>("outcome", ResumeOutcomeNames.Of(outcome)));
        if (outcome == ResumeOutcome.Gapless)
        {
            _replaySize.Record(replayed);
        }
    }

    public void Dispose() => _meter.Dispose();
}
