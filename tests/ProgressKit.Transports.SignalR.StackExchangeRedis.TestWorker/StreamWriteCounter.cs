using System.Diagnostics.Metrics;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

/// <summary>
/// Sums this process's writes to the shared job stream log in Redis (<c>progresskit.redis.stream.writes</c>) by
/// outcome, so a test can compare them with the events the worker published.
/// </summary>
/// <remarks>Measurements arrive on the writer's thread and reads come from the command loop: guarded by <see cref="_gate"/>.</remarks>
public sealed class StreamWriteCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();

    // Guarded by _gate: writes by outcome (stored, refused, failed).
    private readonly Dictionary<string, long> _writes = new(StringComparer.Ordinal);

    public StreamWriteCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "ProgressKit.Redis" && instrument.Name == "progresskit.redis.stream.writes")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Returns how many writes ended with <paramref name="outcome"/>.</summary>
    public long Count(string outcome)
    {
        lock (_gate)
        {
            return _writes.GetValueOrDefault(outcome);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            if (tag is { Key: "outcome", Value: string outcome })
            {
                lock (_gate)
                {
                    _writes[outcome] = _writes.GetValueOrDefault(outcome) + value;
                }
            }
        }
    }
}
