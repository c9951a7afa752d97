using System.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Resilience;
using ProgressKit.Transports;

namespace ProgressKit.Dispatch;

internal sealed partial class TransportLane
{
    private bool StartSends()
    {
        var now = _timeProvider.GetTimestamp();
        if (_pausedUntil != long.MinValue)
        {
            if (now < _pausedUntil)
            {
                return false;
            }

            Resume();
        }

        var flushing = _waiters.Count > 0;
        if (_deferred.Count > 0)
        {
            foreach (var job in _deferred)
            {
                if (flushing || IsProgressDue(job, now))
                {
                    Schedule(job);
                }
            }

            _deferred.RemoveAll(static job => job.IsScheduled || job.InFlight is not null || job.Count == 0);
        }

        var worked = false;
        while (_inFlight < _maxConcurrency && _pausedUntil == long.MinValue && _ready.TryDequeue(out var job))
        {
            job.IsScheduled = false;
            if (job.InFlight is not null)
            {
                continue;
            }

            var next = job.TakeNext(flushing || IsProgressDue(job, now));
            if (next is not { } item)
            {
                if (job.Count > 0 && !_deferred.Contains(job))
                {
                    _deferred.Add(job);
                }

                continue;
            }

            if (item.Event.Type == ProgressEventType.ProgressUpdate)
            {
                job.MarkProgressSent(now);
            }

            _queued--;
            _inFlight++;
            job.InFlight = item;
            worked = true;
            var send = SendAsync(item.Event);
            if (send.IsCompleted)
            {
                Complete(job, item, send.Result);
            }
            else
            {
                _ = AwaitSendAsync(job, item, send);
            }
        }

        return worked;
    }

    private bool IsProgressDue(JobLane job, long now) =>
        _minProgressIntervalTicks == 0 || !job.HasSentProgress || now - job.LastProgressSentAt >= _minProgressIntervalTicks;

    private async Task AwaitSendAsync(JobLane job, LaneItem item, ValueTask<SendOutcome> send)
    {
        var outcome = await send.ConfigureAwait(false);
        _completions.Enqueue((job, item, outcome));
        SignalPump();
    }

    private void Complete(JobLane job, LaneItem item, SendOutcome outcome)
    {
        _inFlight--;
        job.InFlight = null;
        switch (outcome)
        {
            case SendOutcome.Delivered:
                var latency = _timeProvider.GetUtcNow() - item.Event.Timestamp;
                _metrics.Delivered(Name, latency.TotalMilliseconds);
                if (_configurationFaulted)
                {
                    // The trial send succeeded: the configuration was fixed.
                    _configurationFaulted = false;
                    Volatile.Write(ref _configurationFaultLogged, 0);
                    Volatile.Write(ref _circuitOpen, 0);
                    Log.CircuitClosed(_logger, Name);
                }

                break;
            case SendOutcome.CircuitOpen:
            case SendOutcome.ConfigurationFault:
                if (job.Requeue(item, item.Event.Type == ProgressEventType.ProgressUpdate))
                {
                    _queued++;
                }
                else
                {
                    _metrics.Coalesced(Name);
                }

                Pause(outcome == SendOutcome.ConfigurationFault);
                break;
            case SendOutcome.Stopped:
                Drop(item.Event, DropReasons.ShuttingDown);
                break;
        }

        if (job.Count > 0)
        {
            Schedule(job);
        }
        else
        {
            RemoveIfIdle(job);
        }
    }

    // A configuration fault opens the lane's circuit here rather than in Polly: no send can succeed until an
    // operator fixes the configuration, so the lane holds its events and probes once per break duration.
    private void Pause(bool configurationFault)
    {
        if (configurationFault)
        {
            _configurationFaulted = true;
            Volatile.Write(ref _circuitOpen, 1);
        }

        if (_pausedUntil == long.MinValue)
        {
            _pausedUntil = _timeProvider.GetTimestamp() + (long)(_breakDuration.TotalSeconds * _timeProvider.TimestampFrequency);
        }
    }

    private void Resume() => _pausedUntil = long.MinValue;

    /// <summary>Runs one event through the resilience pipeline; never throws.</summary>
    private async ValueTask<SendOutcome> SendAsync(ProgressEvent progressEvent)
    {
        using var activity = ProgressKitActivitySource.Instance.HasListeners()
            ? StartActivity(progressEvent)
            : null;
        var context = ResilienceContextPool.Shared.Get(_stopping.Token);
        context.Properties.Set(SendContext.EventKey, progressEvent);
        try
        {
            await _pipeline.ExecuteAsync(
                static (ctx, state) => SendAttemptAsync(state.Transport, state.Event, ctx.CancellationToken),
                context,
                (Transport: _transport, Event: progressEvent)).ConfigureAwait(false);
            return SendOutcome.Delivered;
        }
        catch (BrokenCircuitException)
        {
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
            if (kind == TransportFailureKind.Configuration)
            {
                if (Interlocked.Exchange(ref _configurationFaultLogged, 1) == 0)
                {
                    Log.ConfigurationFault(_logger, Name, ex.Message, ex);
                }

                _metrics.Failed(Name, TransportFailureClassifier.ToTag(kind));
                return SendOutcome.ConfigurationFault;
            }

            DeadLetter(progressEvent, ex, kind);
            return SendOutcome.Failed;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Activity? StartActivity(ProgressEvent progressEvent)
    {
        var activity = ProgressKitActivitySource.Instance.StartActivity("progresskit.send", ActivityKind.Producer);
        activity?.SetTag("progresskit.transport", Name);
        activity?.SetTag("progresskit.job_id", progressEvent.JobId);
        activity?.SetTag("progresskit.event_type", progressEvent.Type.ToWireName());
        activity?.SetTag("progresskit.seq", progressEvent.Sequence);
        return activity;
    }

    // Shields the pipeline from a transport that throws synchronously or ignores cancellation: WaitAsync returns
    // when the attempt's token fires even if the transport's task never completes.
    private static async ValueTask SendAttemptAsync(IProgressTransport transport, ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        var send = transport.SendAsync(progressEvent, cancellationToken);
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        await send.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void DeadLetter(ProgressEvent progressEvent, Exception exception, TransportFailureKind kind)
    {
        _metrics.Failed(Name, TransportFailureClassifier.ToTag(kind));
        Log.DeliveryFailed(_logger, Name, progressEvent.Type.ToWireName(), progressEvent.Sequence, progressEvent.JobId,
            progressEvent.CorrelationId, TransportFailureClassifier.ToTag(kind), exception);
        if (_onDeadLetter is null)
        {
            return;
        }

        try
        {
            _onDeadLetter(new DeadLetter(progressEvent, Name, exception));
        }
        catch (Exception callbackFailure)
        {
            Log.DeadLetterCallbackFailed(_logger, callbackFailure);
        }
    }
}
