using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Resilience;
using ProgressKit.Transports;

namespace ProgressKit.Dispatch;

/// <summary>
/// Sends one lane's events through its resilience pipeline (retry, circuit breaker, per-attempt timeout) and says when
/// a send may start. Polly's breaker is the one owner of the circuit (<see cref="CircuitState.Closed"/>,
/// <see cref="CircuitState.Open"/>, <see cref="CircuitState.HalfOpen"/>, <see cref="CircuitState.Isolated"/>); this
/// class keeps no circuit state of its own, only when the lane next probes a circuit that is not closed.
/// </summary>
/// <remarks>
/// <para>A fast path calls the transport directly while the transport is healthy (circuit closed, no transient failure in
/// the last sampling window): a send that completes at once is delivered without entering the pipeline, which is most
/// of a healthy lane's cost. A send that is still pending, or fails, continues in the pipeline as its first attempt,
/// so timeouts, retries and the breaker see it. Because the breaker's window starts counting at the first transient
/// failure, a healthy transport's earlier successes do not dilute the failure ratio of a sudden outage; that is the
/// one difference from sending every event through the pipeline, and it makes the breaker open no later.</para>
/// <para>Probes, in one place: while the circuit is open or isolated no send starts until <see cref="_probeNotBefore"/>,
/// one break duration after the pump settled the last send that found the circuit open or hit a configuration fault;
/// then one send goes alone. Polly half-opens an open circuit by itself for it; an isolated circuit (a configuration
/// fault: no send can succeed until an operator fixes it) never half-opens by itself, so that probe, and only that
/// one, closes the isolation before it is sent. A configuration fault isolates the circuit before its outcome reaches
/// the pump, so a send that succeeds meanwhile cannot leave the lane isolated with no probe scheduled.</para>
/// <para>Threads: <see cref="BeginRound"/>, <see cref="MayStart"/>, <see cref="StartSend"/> and <see cref="OnSettled"/>
/// run on the lane's pump thread only; continuations of pending sends run on the pool and touch only the two fields
/// marked as such.</para>
/// </remarks>
internal sealed partial class LaneSender : ICircuitObserver
{
    private readonly IProgressTransport _transport;
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly CircuitBreakerManualControl _manualControl = new();
    private readonly ProgressKitMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Action<DeadLetter>? _onDeadLetter;
    private readonly CancellationToken _stopping;
    private readonly long _samplingTicks;
    private readonly long _breakTicks;

    // Pump thread only.
    private readonly Stack<CancellationTokenSource> _tokenPool = new();
    private CircuitState _roundState;
    private long _probeNotBefore;

    // True from the start of a configuration fault's probe until its outcome is settled: the probe closes the
    // isolation to go through, and no other send may start while the circuit is closed for it alone.
    private bool _probing;

    // Far enough in the past for any timestamp difference, yet safe to subtract from.
    private const long Never = long.MinValue / 2;

    // Written by continuations on the pool (Volatile), read by the pump: a hint for the fast path, not a gate.
    private long _lastTransientFailureAt = Never;

    // Written by continuations on the pool (Interlocked): the configuration fault is logged once until a probe succeeds.
    private int _configurationFaultLogged;

    public LaneSender(IProgressTransport transport, ProgressKitOptions options, ProgressKitMetrics metrics, ILogger logger, CancellationToken stopping)
    {
        _transport = transport;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = options.TimeProvider;
        _onDeadLetter = options.OnDeadLetter;
        _stopping = stopping;
        _breakTicks = ToTicks(options.Resilience.CircuitBreakDuration);
        _samplingTicks = ToTicks(options.Resilience.CircuitSamplingDuration);
        Name = transport.Name;
        _pipeline = TransportPipelineFactory.Create(options.Resilience, Name, _timeProvider, metrics, logger, _circuit, _manualControl, this);
    }

    public string Name { get; }

    /// <summary>Gets a value indicating whether the circuit is anything but closed, as Polly's breaker reports it. Any thread.</summary>
    public bool IsCircuitOpen => _circuit.CircuitState != CircuitState.Closed;

    /// <summary>Gets the circuit's state as the pump read it at the start of its round (for tests).</summary>
    internal CircuitState RoundState => _roundState;

    /// <summary>Reads Polly's circuit state once for a round of sends (one lock, not one per send).</summary>
    public void BeginRound() => _roundState = _circuit.CircuitState;

    /// <summary>
    /// Says whether a new send may start: always while the circuit is closed; while it is half-open, one probe at a
    /// time; while it is open or isolated, one probe once <see cref="_probeNotBefore"/> has passed.
    /// </summary>
    public bool MayStart(long now, int inFlight) => !_probing && _roundState switch
    {
        CircuitState.Closed => true,
        CircuitState.HalfOpen => inFlight == 0,
        _ => inFlight == 0 && now >= _probeNotBefore,
    };

    /// <summary>The pump settled a send: a circuit found open or isolated is probed one break duration from now.</summary>
    public void OnSettled(SendOutcome outcome, long now)
    {
        // While probing, the probe is the only send in flight: this is its outcome.
        _probing = false;
        if (outcome is SendOutcome.CircuitOpen or SendOutcome.ConfigurationFault)
        {
            _probeNotBefore = now + _breakTicks;

            // Sends that fail at once settle within the round: the rest of the round must see the circuit as it is now.
            _roundState = _circuit.CircuitState;
        }
    }

    /// <summary>Starts sending one event; never throws. Completes once the event is settled.</summary>
    public ValueTask<SendOutcome> StartSend(ProgressEvent progressEvent, long now)
    {
        if (_roundState == CircuitState.Isolated)
        {
            // MayStart let this send go alone: it is the configuration fault's probe.
            _probing = true;
            return SendThroughPipelineAsync(new SendOperation(_transport, progressEvent, default, null), closesIsolation: true);
        }

        if (_roundState == CircuitState.Closed
            && now - Volatile.Read(ref _lastTransientFailureAt) > _samplingTicks
            && !ProgressKitActivitySource.Instance.HasListeners())
        {
            var tokens = _tokenPool.TryPop(out var pooled) ? pooled : new CancellationTokenSource();
            ValueTask send;
            try
            {
                send = _transport.SendAsync(progressEvent, tokens.Token);
            }
            catch (Exception ex)
            {
                send = ValueTask.FromException(ex);
            }

            if (send.IsCompletedSuccessfully)
            {
                send.GetAwaiter().GetResult();
                ReturnTokens(tokens);
                return new ValueTask<SendOutcome>(SendOutcome.Delivered);
            }

            return SendThroughPipelineAsync(new SendOperation(_transport, progressEvent, send, tokens), closesIsolation: false);
        }

        return SendThroughPipelineAsync(new SendOperation(_transport, progressEvent, default, null), closesIsolation: false);
    }

    void ICircuitObserver.TransientFailureSeen() => Volatile.Write(ref _lastTransientFailureAt, _timeProvider.GetTimestamp());

    private void ReturnTokens(CancellationTokenSource tokens)
    {
        if (tokens.TryReset())
        {
            _tokenPool.Push(tokens);
        }
        else
        {
            tokens.Dispose();
        }
    }

    private async ValueTask<SendOutcome> SendThroughPipelineAsync(SendOperation operation, bool closesIsolation)
    {
        using var activity = ProgressKitActivitySource.Instance.HasListeners() ? StartActivity(operation.Event) : null;
        var context = ResilienceContextPool.Shared.Get(_stopping);
        context.Properties.Set(SendContext.EventKey, operation.Event);
        Exception? failure = null;
        SendOutcome outcome;
        try
        {
            if (closesIsolation)
            {
                await _manualControl.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await _pipeline.ExecuteAsync(static (ctx, op) => op.AttemptAsync(ctx.CancellationToken), context, operation).ConfigureAwait(false);
            if (closesIsolation && Interlocked.Exchange(ref _configurationFaultLogged, 0) == 1)
            {
                // The probe succeeded: the configuration was fixed.
                Log.CircuitClosed(_logger, Name);
            }

            outcome = SendOutcome.Delivered;
        }
        catch (BrokenCircuitException)
        {
            // Also an IsolatedCircuitException: the event goes back to its job and waits for the lane's probe.
            outcome = SendOutcome.CircuitOpen;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            outcome = SendOutcome.Stopped;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            failure = ex;
            var kind = TransportFailureClassifier.Classify(ex);
            if (kind == TransportFailureKind.Transient)
            {
                Volatile.Write(ref _lastTransientFailureAt, _timeProvider.GetTimestamp());
            }

            if (kind == TransportFailureKind.Configuration)
            {
                await IsolateForConfigurationFaultAsync(ex).ConfigureAwait(false);
                outcome = SendOutcome.ConfigurationFault;
            }
            else
            {
                outcome = SendOutcome.Failed;
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        operation.AdoptUnconsumedStartedAttempt();
        try
        {
            if (outcome is SendOutcome.Failed or SendOutcome.CircuitOpen or SendOutcome.ConfigurationFault && operation.HasUnsettledAbandonedAttempts)
            {
                // An attempt timed out while the transport ignored its cancellation, and no later attempt delivered the
                // event: what that attempt finally does decides, or the event would be sent twice (requeued) or
                // reported failed although it arrived.
                Log.AbandonedAttemptStillRunning(_logger, Name, operation.Event.Sequence, operation.Event.JobId);
                if (await WaitForAbandonedAsync(operation).ConfigureAwait(false))
                {
                    return SendOutcome.Delivered;
                }
            }

            if (outcome == SendOutcome.Failed)
            {
                DeadLetter(operation.Event, failure!, TransportFailureClassifier.Classify(failure!));
            }

            return outcome;
        }
        finally
        {
            if (operation.HasAbandonedAttempts)
            {
                // The job's next event must not overtake an attempt that may still be running.
                Log.AbandonedAttemptStillRunning(_logger, Name, operation.Event.Sequence, operation.Event.JobId);
                await operation.WaitForAbandonedAttemptsAsync(_stopping).ConfigureAwait(false);
            }

            operation.DisposeStartedAttemptTokens();
        }
    }

    private async ValueTask<bool> WaitForAbandonedAsync(SendOperation operation)
    {
        try
        {
            return await operation.AbandonedAttemptSucceededAsync(_stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    // No send can succeed until an operator fixes the configuration, so the circuit is isolated (events wait in the
    // lane) before the outcome reaches the pump, which schedules the probe. The attempt is counted as rejected, not as
    // an event failed: the event goes back to its job and is delivered, coalesced or dropped later.
    private async ValueTask IsolateForConfigurationFaultAsync(Exception exception)
    {
        if (Interlocked.Exchange(ref _configurationFaultLogged, 1) == 0)
        {
            Log.ConfigurationFault(_logger, Name, exception.Message, exception);
        }

        _metrics.SendRejected(Name, TransportFailureClassifier.ToTag(TransportFailureKind.Configuration));
        await _manualControl.IsolateAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private long ToTicks(TimeSpan span) =>
        span >= TimeSpan.FromDays(1) ? long.MaxValue / 4 : (long)(span.TotalSeconds * _timeProvider.TimestampFrequency);
}
