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
/// a send may start. Polly's breaker is the one owner of the circuit: this class reads it, isolates it for
/// configuration faults and remembers only when Polly's break ends.
/// </summary>
/// <remarks>
/// A fast path calls the transport directly while the transport is healthy (circuit closed, no transient failure in
/// the last sampling window): a send that completes at once is delivered without entering the pipeline, which is most
/// of a healthy lane's cost. A send that is still pending, or fails, continues in the pipeline as its first attempt,
/// so timeouts, retries and the breaker see it. Because the breaker's window starts counting at the first transient
/// failure, a healthy transport's earlier successes do not dilute the failure ratio of a sudden outage; that is the
/// one difference from sending every event through the pipeline, and it makes the breaker open no later.
/// <see cref="StartSend"/> runs on the lane's pump thread only; continuations of pending sends run on the pool.
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
    private readonly TimeSpan _breakDuration;
    private readonly Stack<CancellationTokenSource> _tokenPool = new();

    // Far enough in the past for any timestamp difference, yet safe to subtract from.
    private const long Never = long.MinValue / 2;

    // Written by the pump and by continuations on the pool.
    private long _notBefore = long.MinValue;
    private long _lastTransientFailureAt = Never;
    private int _restricted;
    private int _configurationFaulted;
    private int _configurationFaultLogged;

    public LaneSender(IProgressTransport transport, ProgressKitOptions options, ProgressKitMetrics metrics, ILogger logger, CancellationToken stopping)
    {
        _transport = transport;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = options.TimeProvider;
        _onDeadLetter = options.OnDeadLetter;
        _stopping = stopping;
        _breakDuration = options.Resilience.CircuitBreakDuration;
        _samplingTicks = ToTicks(options.Resilience.CircuitSamplingDuration);
        Name = transport.Name;
        _pipeline = TransportPipelineFactory.Create(options.Resilience, Name, _timeProvider, metrics, logger, _circuit, _manualControl, this);
    }

    public string Name { get; }

    /// <summary>Gets a value indicating whether the circuit is anything but closed, as Polly's breaker reports it.</summary>
    public bool IsCircuitOpen => _circuit.CircuitState != CircuitState.Closed || Volatile.Read(ref _configurationFaulted) == 1;

    /// <summary>
    /// Says whether a new send may start: always while the circuit is closed; otherwise one probe at a time once the
    /// break Polly chose has passed (Polly then half-opens and lets it through).
    /// </summary>
    public bool MayStart(long now, int inFlight) =>
        Volatile.Read(ref _restricted) == 0 || (inFlight == 0 && now >= Volatile.Read(ref _notBefore));

    /// <summary>Starts sending one event; never throws. Completes once the event is settled.</summary>
    public ValueTask<SendOutcome> StartSend(ProgressEvent progressEvent, long now)
    {
        if (Volatile.Read(ref _restricted) == 0
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

            return SendThroughPipelineAsync(new SendOperation(_transport, progressEvent, send, tokens));
        }

        return SendThroughPipelineAsync(new SendOperation(_transport, progressEvent, default, null));
    }

    void ICircuitObserver.CircuitOpened(TimeSpan breakDuration) => Restrict(breakDuration);

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

    private async ValueTask<SendOutcome> SendThroughPipelineAsync(SendOperation operation)
    {
        using var activity = ProgressKitActivitySource.Instance.HasListeners() ? StartActivity(operation.Event) : null;
        var context = ResilienceContextPool.Shared.Get(_stopping);
        context.Properties.Set(SendContext.EventKey, operation.Event);
        try
        {
            if (Volatile.Read(ref _configurationFaulted) == 1)
            {
                // The probe after a configuration fault: lift the isolation and let this one send through.
                await _manualControl.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await _pipeline.ExecuteAsync(static (ctx, op) => op.AttemptAsync(ctx.CancellationToken), context, operation).ConfigureAwait(false);
            OnDelivered();
            return SendOutcome.Delivered;
        }
        catch (BrokenCircuitException broken)
        {
            // Also an IsolatedCircuitException, which has no RetryAfter: the isolation's probe comes after a break.
            Restrict(broken.RetryAfter ?? _breakDuration);
            return SendOutcome.CircuitOpen;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return SendOutcome.Stopped;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var kind = TransportFailureClassifier.Classify(ex);
            if (kind == TransportFailureKind.Transient)
            {
                Volatile.Write(ref _lastTransientFailureAt, _timeProvider.GetTimestamp());
            }

            if (kind == TransportFailureKind.Configuration)
            {
                await IsolateForConfigurationFaultAsync(ex).ConfigureAwait(false);
                return SendOutcome.ConfigurationFault;
            }

            DeadLetter(operation.Event, ex, kind);
            return SendOutcome.Failed;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            if (operation.HasAbandonedAttempts)
            {
                Log.AbandonedAttemptStillRunning(_logger, Name, operation.Event.Sequence, operation.Event.JobId);
                await operation.WaitForAbandonedAttemptsAsync(_stopping).ConfigureAwait(false);
            }

            operation.DisposeStartedAttemptTokens();
        }
    }

    private void OnDelivered()
    {
        if (Volatile.Read(ref _restricted) == 0 || _circuit.CircuitState != CircuitState.Closed)
        {
            return;
        }

        Volatile.Write(ref _restricted, 0);
        if (Interlocked.Exchange(ref _configurationFaulted, 0) == 1)
        {
            // The probe succeeded: the configuration was fixed.
            Volatile.Write(ref _configurationFaultLogged, 0);
            Log.CircuitClosed(_logger, Name);
        }
    }

    // No send can succeed until an operator fixes the configuration, so the circuit is isolated (events wait in the
    // lane) and one probe goes out per break duration.
    private async ValueTask IsolateForConfigurationFaultAsync(Exception exception)
    {
        if (Interlocked.Exchange(ref _configurationFaultLogged, 1) == 0)
        {
            Log.ConfigurationFault(_logger, Name, exception.Message, exception);
        }

        _metrics.Failed(Name, TransportFailureClassifier.ToTag(TransportFailureKind.Configuration));
        Volatile.Write(ref _configurationFaulted, 1);
        Restrict(_breakDuration);
        await _manualControl.IsolateAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private void Restrict(TimeSpan wait)
    {
        var until = wait >= TimeSpan.FromDays(1) ? long.MaxValue : _timeProvider.GetTimestamp() + ToTicks(wait);
        Volatile.Write(ref _notBefore, until);
        Volatile.Write(ref _restricted, 1);
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _timeProvider.TimestampFrequency);
}
