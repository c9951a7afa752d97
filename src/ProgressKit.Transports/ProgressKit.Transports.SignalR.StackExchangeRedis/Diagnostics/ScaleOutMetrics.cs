using System.Diagnostics.Metrics;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;

/// <summary>The instruments of the <c>ProgressKit.Redis</c> meter.</summary>
internal sealed class ScaleOutMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ProgressKit.Redis";

    private readonly Meter _meter;
    private readonly Counter<long> _cancelRequests;
    private readonly Counter<long> _cancelReceived;
    private readonly Counter<long> _replayed;

    public ScaleOutMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _cancelRequests = _meter.CreateCounter<long>("progresskit.redis.cancel.requests", "{request}", "Cancel requests routed by the hub, by route (local, redis, failed).");
        _cancelReceived = _meter.CreateCounter<long>("progresskit.redis.cancel.received", "{request}", "Cancel requests received over Redis that cancelled a job running here.");
        _replayed = _meter.CreateCounter<long>("progresskit.redis.replayed", "{event}", "Snapshots replayed to this node's subscribers after its backplane subscriptions came back.");
    }

    public void CancelRouted(string route) => _cancelRequests.Add(1, new KeyValuePair<string, object?>("route", route));

    public void CancelReceived() => _cancelReceived.Add(1);

    public void Replayed(int count) => _replayed.Add(count);

    public void Dispose() => _meter.Dispose();
}
