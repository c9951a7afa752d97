using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Resilience;
using ProgressKit.Transports;

namespace ProgressKit.Dispatch;

/// <summary>
/// One transport's lane: a bounded channel that publishers write to without ever waiting, and a pump that keeps
/// each job's order, coalesces superseded progress, applies the minimum progress interval, runs sends through the
/// resilience pipeline with bounded concurrency, and answers flushes. A slow or dead transport only fills its own lane.
/// </summary>
/// <remarks>
/// Publishers never wake the pump per event: while events flow, the pump (on its own thread) polls every <see cref="PollQuantum"/>;
/// only after <see cref="IdlePollsBeforePark"/> empty polls does it park, and then the first writer wakes it.
/// Waking a parked reader costs a writer tens of microseconds on this class of machine, polling costs it nothing.
/// </remarks>
internal sealed partial class TransportLane : IAsyncDisposable
{
    /// <summary>How often the pump looks for work while events flow.</summary>
    internal static readonly TimeSpan PollQuantum = TimeSpan.FromMilliseconds(1);

    /// <summary>Empty polls (about 50 ms) after which the pump parks until a writer wakes it.</summary>
    internal const int IdlePollsBeforePark = 50;

    /// <summary>Events moved from the channel per pump cycle, so that completions and sends interleave with intake.</summary>
    private const int IntakeBatch = 1024;

    private readonly IProgressTransport _transport;
    private readonly ResiliencePipeline _pipeline;
    private readonly ProgressKitMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Action<DeadLetter>? _onDeadLetter;
    private readonly int _capacity;
    private readonly int _maxConcurrency;
    private readonly long _minProgressIntervalTicks;
    private readonly TimeSpan _breakDuration;

    // Written by any thread.
    private readonly Channel<ProgressEvent> _buffer;
    private readonly ConcurrentQueue<ProgressEvent> _overflow = new();
    private int _overflowCount;
    private int _parked;
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly ConcurrentQueue<(JobLane Job, LaneItem Item, SendOutcome Outcome)> _completions = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _firstDropLogged;
    private int _circuitOpen;
    private int _configurationFaultLogged;

    // Owned by the pump.
    private readonly Dictionary<string, JobLane> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<JobLane> _ready = new();
    private readonly List<JobLane> _deferred = [];
    private int _queued;
    private int _inFlight;
    private long _nextTicket;
    private long _pausedUntil = long.MinValue;
    private bool _configurationFaulted;

    private readonly Thread _pump;
    private readonly TaskCompletionSource _pumpStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TransportLane(IProgressTransport transport, ProgressKitOptions options, ProgressKitMetrics metrics, ILogger logger)
    {
        _transport = transport;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = options.TimeProvider;
        _onDeadLetter = options.OnDeadLetter;
        _capacity = options.BufferCapacity;
        _maxConcurrency = options.MaxConcurrentSendsPerTransport;
        _minProgressIntervalTicks = (long)(options.MinProgressInterval.TotalSeconds * _timeProvider.TimestampFrequency);
        _breakDuration = options.Resilience.CircuitBreakDuration;
        Name = transport.Name;
        _buffer = Channel.CreateBounded<ProgressEvent>(new BoundedChannelOptions(_capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        _pipeline = TransportPipelineFactory.Create(
            options.Resilience, Name, _timeProvider, metrics, logger,
            open => Volatile.Write(ref _circuitOpen, open ? 1 : 0));
        _pump = new Thread(Pump) { IsBackground = true, Name = $"ProgressKit lane {Name}" };
        _pump.Start();
    }

    public string Name { get; }

    /// <summary>Gets a value indicating whether the transport's circuit is open (deliveries paused).</summary>
    public bool IsCircuitOpen => Volatile.Read(ref _circuitOpen) == 1;

    /// <summary>Gets an estimate of the events waiting in the lane.</summary>
    public long Depth => _buffer.Reader.Count + Volatile.Read(ref _overflowCount) + Volatile.Read(ref _queued);

    /// <summary>Accepts an event without waiting. Callers hold the job's lock, so each job's events arrive in order.</summary>
    public void Enqueue(ProgressEvent progressEvent)
    {
        // Once anything overflowed, later events must queue behind it to keep every job's order.
        if (Volatile.Read(ref _overflowCount) == 0 && _buffer.Writer.TryWrite(progressEvent))
        {
            WakeIfParked();
            return;
        }

        EnqueueWhenFull(progressEvent);
    }

    private void EnqueueWhenFull(ProgressEvent progressEvent)
    {
        if (_stopping.IsCancellationRequested)
        {
            Drop(progressEvent, DropReasons.ShuttingDown);
            return;
        }

        // The pump is behind: progress updates go first (the job's next event carries its state again); state
        // transitions wait in a second bounded queue, and terminal events are always kept.
        if (progressEvent.Type == ProgressEventType.ProgressUpdate
            || (!progressEvent.IsTerminal && Volatile.Read(ref _overflowCount) >= _capacity))
        {
            Drop(progressEvent, DropReasons.BufferFull);
            return;
        }

        Interlocked.Increment(ref _overflowCount);
        _overflow.Enqueue(progressEvent);
        WakeIfParked();
    }

    private void WakeIfParked()
    {
        if (Volatile.Read(ref _parked) == 1 && Interlocked.Exchange(ref _parked, 0) == 1)
        {
            _signal.Release();
        }
    }

    private void Drop(ProgressEvent progressEvent, string reason)
    {
        _metrics.Dropped(reason, Name);
        if (Interlocked.Exchange(ref _firstDropLogged, 1) == 0)
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
        _stopping.Dispose();
        _signal.Dispose();
    }
}
