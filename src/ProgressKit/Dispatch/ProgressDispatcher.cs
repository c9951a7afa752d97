using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Dispatch;

/// <summary>Hands each published event to one lane per transport, and flushes and drains them.</summary>
/// <remarks>With no transport it is a no-op that still counts what it drops.</remarks>
internal sealed class ProgressDispatcher : IAsyncDisposable
{
    private readonly TransportLane[] _lanes;
    private readonly ProgressKitMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _disposed;

    public ProgressDispatcher(
        IEnumerable<IProgressTransport> transports,
        IOptions<ProgressKitOptions> options,
        ProgressKitMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        var value = options.Value;
        _metrics = metrics;
        _timeProvider = value.TimeProvider;
        _logger = loggerFactory.CreateLogger("ProgressKit.Dispatcher");
        _lanes = Distinct(transports)
            .Select(t => new TransportLane(t, value, metrics, loggerFactory.CreateLogger($"ProgressKit.Transports.{t.Name}")))
            .ToArray();
        metrics.SetQueueDepthSource(() => _lanes.Sum(static l => l.Depth));
    }

    /// <summary>
    /// One lane per transport: the same instance registered twice (two <c>AddTransport</c> calls whose factories return
    /// it) gets one lane. Two different transports with one name would mix their metrics and logs: refused at start-up.
    /// </summary>
    private static List<IProgressTransport> Distinct(IEnumerable<IProgressTransport> transports)
    {
        var distinct = new List<IProgressTransport>();
        foreach (var transport in transports)
        {
            if (distinct.Exists(t => ReferenceEquals(t, transport)))
            {
                continue;
            }

            if (distinct.Exists(t => string.Equals(t.Name, transport.Name, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException(
                    $"Two different transports are named '{transport.Name}' ({distinct.First(t => t.Name == transport.Name).GetType().Name} and {transport.GetType().Name}); IProgressTransport.Name must be unique.");
            }

            distinct.Add(transport);
        }

        return distinct;
    }

    /// <summary>Gets the lanes (for tests).</summary>
    internal IReadOnlyList<TransportLane> Lanes => _lanes;

    /// <summary>Gets a value indicating whether no transport is configured.</summary>
    public bool IsNoOp => _lanes.Length == 0;

    /// <summary>Gets the names of the configured transports.</summary>
    public IEnumerable<string> TransportNames => _lanes.Select(static l => l.Name);

    /// <summary>Gets the names of the transports whose circuit is open.</summary>
    public IEnumerable<string> OpenCircuits => _lanes.Where(static l => l.IsCircuitOpen).Select(static l => l.Name);

    /// <summary>Gets an estimate of the events waiting in all lanes.</summary>
    public long Depth => _lanes.Sum(static l => l.Depth);

    /// <summary>Accepts an event for every transport; never blocks, never throws for a transport's sake.</summary>
    public void Enqueue(ProgressEvent progressEvent)
    {
        var lanes = _lanes;
        if (lanes.Length == 0)
        {
            _metrics.Dropped(DropReasons.NoTransport);
            return;
        }

        if (Volatile.Read(ref _disposed) == 1)
        {
            // Counted per transport, so that each transport's counters still add up.
            foreach (var lane in lanes)
            {
                _metrics.Dropped(DropReasons.ShuttingDown, lane.Name);
            }

            return;
        }

        foreach (var lane in lanes)
        {
            lane.Enqueue(progressEvent);
        }
    }

    /// <summary>Waits until every lane delivered what it accepted before the call, or the timeout passes.</summary>
    /// <returns><see langword="true"/> when everything was delivered (or finally failed); <see langword="false"/> on timeout.</returns>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_lanes.Length == 0)
        {
            return true;
        }

        var all = Task.WhenAll(_lanes.Select(static l => l.FlushAsync()));
        try
        {
            var results = await all.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            return results.All(static ok => ok);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Drains the lanes within <paramref name="timeout"/>, then stops them; what is left is counted as dropped.</summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        var drained = await FlushAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (!drained)
        {
            Log.DrainTimedOut(_logger, timeout, Depth);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var lane in _lanes)
        {
            await lane.DisposeAsync().ConfigureAwait(false);
        }
    }
}
