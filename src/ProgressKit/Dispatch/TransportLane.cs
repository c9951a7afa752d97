using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Dispatch;

/// <summary>
/// One transport's lane, split by who owns the state: a thread-safe <see cref="LaneInbox"/> that publishers append to
/// without waiting; a single-threaded <see cref="JobQueueSet"/> that keeps each job's order, coalesces, bounds and
/// answers flushes; a <see cref="LaneSender"/> over the resilience pipeline; and this class's pump thread, which moves
/// events from one to the next. A slow or dead transport only fills its own lane.
/// </summary>
/// <remarks>
/// Publishers never wake the pump per event: while events flow, the pump polls every <see cref="PollQuantum"/>;
/// only after <see cref="IdlePollsBeforePark"/> empty polls does it park, and then the first writer wakes it.
/// Waking a parked reader costs a writer tens of microseconds on this class of machine, polling costs it nothing.
/// </remarks>
internal sealed partial class TransportLane : IAsyncDisposable, ILaneAccounting
{
    /// <summary>How often the pump looks for work while events flow.</summary>
    internal static readonly TimeSpan PollQuantum = TimeSpan.FromMilliseconds(1);

    /// <summary>Empty polls (about 50 ms) after which the pump parks until a writer wakes it.</summary>
    internal const int IdlePollsBeforePark = 50;

    /// <summary>Events moved from the inbox per pump cycle, so that completions and sends interleave with intake.</summary>
    private const int IntakeBatch = 1024;

    private readonly ProgressKitMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly int _maxConcurrency;
    private readonly LaneInbox _inbox;
    private readonly JobQueueSet _jobs;
    private readonly LaneSender _sender;
    private readonly ConcurrentQueue<(JobLane Job, LaneItem Item, SendOutcome Outcome)> _completions = new();
    private readonly ConcurrentQueue<FlushWaiter> _newWaiters = new();
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _pump;
    private readonly TaskCompletionSource _pumpStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Armed by the pump before it parks while an idle job waits for its minimum progress interval to end; its callback
    // only wakes the pump, which releases the job (so a job that goes silent does not keep its entry until the next event).
    private readonly ITimer _idleReleaseTimer;

    // The pump's UTC reading for the delivery-latency histogram (pump thread only).
    private readonly DeliveryClock _deliveryClock;
    private int _firstDropLogged;

    // 0 until the pump stopped for good (written once by the pump, before its last drain; read by publishers).
    private int _closed;

    public TransportLane(IProgressTransport transport, ProgressKitOptions options, ProgressKitMetrics metrics, ILogger logger)
    {
        _metrics = metrics;
        _logger = logger;
        _timeProvider = options.TimeProvider;
        _maxConcurrency = options.MaxConcurrentSendsPerTransport;
        Name = transport.Name;
        _inbox = new LaneInbox(options.BufferCapacity);
        var minProgressIntervalTicks = (long)(options.MinProgressInterval.TotalSeconds * _timeProvider.TimestampFrequency);
        _jobs = new JobQueueSet(options.BufferCapacity, minProgressIntervalTicks, this);
        _sender = new LaneSender(transport, options, metrics, logger, _stopping.Token);
        _idleReleaseTimer = _timeProvider.CreateTimer(static lane => ((TransportLane)lane!).SignalPump(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _deliveryClock = new DeliveryClock(_timeProvider);
        _pump = new Thread(Pump) { IsBackground = true, Name = $"ProgressKit lane {Name}" };
        _pump.Start();
    }

    public string Name { get; }

    /// <summary>Gets a value indicating whether the transport's circuit is open (deliveries paused).</summary>
    public bool IsCircuitOpen => _sender.IsCircuitOpen;

    internal string DebugState => $"inflight {_jobs.InFlight} queued {_jobs.Queued} inbox {_inbox.Count} completions {_completions.Count} round {_sender.RoundState} flushing {_jobs.IsFlushing}";

    /// <summary>Waits until the lane's pump thread has ended (for tests).</summary>
    internal bool WaitForPumpExit(TimeSpan timeout) => _pump.Join(timeout);

    /// <summary>Gets how many jobs the lane holds state for (for tests: a racy read of the pump's own state).</summary>
    internal int JobCount => _jobs.JobCount;

    /// <summary>Gets a value indicating whether the pump is parked until a writer or a timer wakes it (for tests).</summary>
    internal bool IsParked => Volatile.Read(ref _parked) == 1;

    /// <summary>Gets an estimate of the events waiting in the lane.</summary>
    public long Depth => _inbox.Count + (long)_jobs.Queued;

    /// <summary>Accepts an event without waiting. Callers hold the job's lock, so each job's events arrive in order.</summary>
    public void Enqueue(ProgressEvent progressEvent)
    {
        if (_stopping.IsCancellationRequested)
        {
            Drop(progressEvent, DropReasons.ShuttingDown);
            return;
        }

        if (!_inbox.TryAdd(progressEvent))
        {
            // The pump is behind: progress updates go first (the job's next event carries its state again), other
            // transitions wait up to a second capacity's worth, and terminal events are always kept.
            Drop(progressEvent, DropReasons.BufferFull);
            return;
        }

        if (Volatile.Read(ref _closed) == 1)
        {
            // The pump stopped after this call looked at _stopping: it may have drained the inbox before this event
            // arrived. Whoever takes a stranded event counts it, so each is counted once.
            DropStranded();
            return;
        }

        WakeIfParked();
    }

    private void DropStranded()
    {
        while (_inbox.TryTake(out var stranded))
        {
            Drop(stranded, DropReasons.ShuttingDown);
        }
    }

    /// <summary>
    /// Completes with <see langword="true"/> once every event this lane accepted before the call was delivered or
    /// finally failed, or with <see langword="false"/> if the lane stopped first. While a flush waits, the minimum
    /// progress interval is ignored so nothing is held back.
    /// </summary>
    public Task<bool> FlushAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return Task.FromResult(false);
        }

        var waiter = new FlushWaiter();
        _newWaiters.Enqueue(waiter);
        SignalPump();
        return waiter.Completion.Task;
    }

    void ILaneAccounting.Dropped(ProgressEvent progressEvent, string reason) => Drop(progressEvent, reason);

    void ILaneAccounting.Coalesced() => _metrics.Coalesced(Name);

    private void Drop(ProgressEvent progressEvent, string reason)
    {
        _metrics.Dropped(reason, Name);
        // Read before exchanging: a flooding publisher drops on every call, and an exchange each time would write
        // the shared cache line on every drop.
        if (Volatile.Read(ref _firstDropLogged) == 0 && Interlocked.Exchange(ref _firstDropLogged, 1) == 0)
        {
            Log.EventDroppedFirst(_logger, progressEvent.Type.ToWireName(), progressEvent.Sequence, progressEvent.JobId, progressEvent.CorrelationId, Name, reason);
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.EventDropped(_logger, progressEvent.Type.ToWireName(), progressEvent.Sequence, progressEvent.JobId, Name, reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _signal.Release();
        await _pumpStopped.Task.ConfigureAwait(false);
        await _idleReleaseTimer.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _signal.Dispose();
    }
}
