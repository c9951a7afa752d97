using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ProgressKit.Diagnostics;

/// <summary>
/// The instruments of the <c>ProgressKit</c> meter. One instance per publisher; created through
/// <see cref="IMeterFactory"/> when the host has one, so that tests can observe a publisher in isolation.
/// </summary>
internal sealed class ProgressKitMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _coalesced;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _backgroundFailures;
    private readonly Histogram<double> _deliveryLatency;
    private Func<long>? _queueDepth;

    public ProgressKitMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(ProgressKitDiagnostics.MeterName) ?? new Meter(ProgressKitDiagnostics.MeterName);
        _published = _meter.CreateCounter<long>("progresskit.events.published", "{event}", "Events accepted by the publisher.");
        _delivered = _meter.CreateCounter<long>("progresskit.events.delivered", "{event}", "Events a transport delivered.");
        _coalesced = _meter.CreateCounter<long>("progresskit.events.coalesced", "{event}", "Progress updates superseded by a newer event of the same job before they were sent.");
        _dropped = _meter.CreateCounter<long>("progresskit.events.dropped", "{event}", "Events dropped, by reason.");
        _retried = _meter.CreateCounter<long>("progresskit.sends.retried", "{attempt}", "Send attempts retried after a transient failure.");
        _failed = _meter.CreateCounter<long>("progresskit.events.failed", "{event}", "Events a transport finally failed to deliver, by transport.");
        _backgroundFailures = _meter.CreateCounter<long>("progresskit.background.failures", "{failure}", "Background work of the library (trimming, sweeps, send continuations) that threw and was skipped, by operation.");
        _deliveryLatency = _meter.CreateHistogram<double>("progresskit.delivery.latency", "ms", "Time from publish to the transport's acknowledgement.");
        _meter.CreateObservableGauge("progresskit.queue.depth", () => _queueDepth?.Invoke() ?? 0, "{event}", "Events waiting in the transport lanes.");
    }

    public void SetQueueDepthSource(Func<long> source) => _queueDepth = source;

    public void Published() => _published.Add(1);

    public void Delivered(string transport, double latencyMs)
    {
        var tag = new KeyValuePair<string, object?>("transport", transport);
        _delivered.Add(1, tag);
        _deliveryLatency.Record(latencyMs, tag);
    }

    public void Coalesced(string transport) => _coalesced.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void Dropped(string reason, string? transport = null)
    {
        var tags = new TagList { { "reason", reason } };
        if (transport is not null)
        {
            tags.Add("transport", transport);
        }

        _dropped.Add(1, tags);
    }

    public void Retried(string transport) => _retried.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void Failed(string transport, string kind) =>
        _failed.Add(1, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("kind", kind));

    public void BackgroundFailed(string operation) =>
        _backgroundFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void Dispose() => _meter.Dispose();
}
