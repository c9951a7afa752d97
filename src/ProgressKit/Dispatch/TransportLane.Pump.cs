using ProgressKit.Diagnostics;

namespace ProgressKit.Dispatch;

internal sealed partial class TransportLane
{
    /// <summary>How long a stopping lane waits for its cancelled in-flight sends to report their outcome.</summary>
    internal static readonly TimeSpan InFlightSettleTimeout = TimeSpan.FromSeconds(5);

    private const int Running = 0;
    private const int WaitingShort = 1;

    private int _waitingShort;
    private int _parked;

    // Runs on the lane's own thread: a blocking wait of one quantum wakes on time even when the thread pool is
    // saturated by the application (an awaited 1 ms delay stretched to 2-5 ms there), which bounds the delay the
    // dispatcher adds between publish and send. One thread per transport, as OpenTelemetry's batch exporter does.
    private void Pump()
    {
        try
        {
            RunPump();
        }
        finally
        {
            _pumpStopped.TrySetResult();
        }
    }

    private void RunPump()
    {
        var idlePolls = 0;
        while (!_stopping.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = RunCycle();
            }
            catch (Exception ex)
            {
                // A bug here must not silently stop deliveries: log it and keep pumping.
                Log.LaneCrashed(_logger, Name, ex);
                worked = false;
            }

            if (worked)
            {
                idlePolls = 0;
                continue;
            }

            if (_jobs.InFlight > 0 || _jobs.Queued > 0 || _jobs.IsFlushing || idlePolls < IdlePollsBeforePark)
            {
                idlePolls++;
                Volatile.Write(ref _waitingShort, WaitingShort);
                _signal.Wait(PollQuantum);
                Volatile.Write(ref _waitingShort, Running);
                continue;
            }

            Volatile.Write(ref _parked, 1);
            if (HasIncomingWork() || !ArmIdleRelease())
            {
                Volatile.Write(ref _parked, 0);
                continue;
            }

            _signal.Wait();
            Volatile.Write(ref _parked, 0);
            idlePolls = 0;
        }

        SettleInFlight();
        Abandon();
    }

    // Sends still in flight when the lane stops were cancelled with it; their outcomes (usually Stopped) arrive within
    // moments and are settled here, so each is counted once. A transport that blocks its caller's thread past the
    // bound leaves its event counted as dropped (drain_timeout) by Abandon.
    private void SettleInFlight()
    {
        var deadline = Environment.TickCount64 + (long)InFlightSettleTimeout.TotalMilliseconds;
        while (_jobs.InFlight > 0 && Environment.TickCount64 < deadline)
        {
            var now = _timeProvider.GetTimestamp();
            while (_completions.TryDequeue(out var completion))
            {
                try
                {
                    Settle(completion.Job, completion.Item, completion.Outcome, now);
                }
                catch (Exception ex)
                {
                    Log.LaneCrashed(_logger, Name, ex);
                }
            }

            if (_jobs.InFlight > 0)
            {
                Volatile.Write(ref _waitingShort, WaitingShort);
                _signal.Wait(PollQuantum);
                Volatile.Write(ref _waitingShort, Running);
            }
        }
    }

    // Called with _parked set, so a timer that fires at once still finds the pump to wake. Returns false when an idle
    // job is already due, so the pump runs a round instead of parking.
    private bool ArmIdleRelease()
    {
        if (_jobs.NextIdleReleaseAt is not { } due)
        {
            return true;
        }

        var wait = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), due);
        if (wait <= TimeSpan.Zero)
        {
            return false;
        }

        _idleReleaseTimer.Change(wait, Timeout.InfiniteTimeSpan);
        return true;
    }

    private bool HasIncomingWork() => !_inbox.IsEmpty || !_completions.IsEmpty || !_newWaiters.IsEmpty;

    private void WakeIfParked()
    {
        if (Volatile.Read(ref _parked) == 1 && Interlocked.Exchange(ref _parked, 0) == 1)
        {
            _signal.Release();
        }
    }

    /// <summary>Wakes the pump from a short wait or from parking; used for completions and flushes.</summary>
    private void SignalPump()
    {
        if ((Volatile.Read(ref _waitingShort) == WaitingShort && Interlocked.Exchange(ref _waitingShort, Running) == WaitingShort)
            || (Volatile.Read(ref _parked) == 1 && Interlocked.Exchange(ref _parked, 0) == 1))
        {
            _signal.Release();
        }
    }

    private bool RunCycle()
    {
        // Waiters are taken before intake: an inbox found empty after this saw every event published before them.
        while (_newWaiters.TryDequeue(out var waiter))
        {
            _jobs.AddFlushWaiter(waiter);
        }

        var now = _timeProvider.GetTimestamp();
        _deliveryClock.Expire();
        var worked = false;
        while (_completions.TryDequeue(out var completion))
        {
            Settle(completion.Job, completion.Item, completion.Outcome, now);
            worked = true;
        }

        var taken = 0;
        while (taken < IntakeBatch && _inbox.TryTake(out var progressEvent))
        {
            _jobs.Accept(progressEvent, now);
            taken++;
        }

        if (taken < IntakeBatch)
        {
            _jobs.PromoteFlushWaiters();
        }

        worked |= taken > 0;
        worked |= StartSends(now);
        _jobs.CompleteFlushWaiters();
        return worked;
    }

    private bool StartSends(long now)
    {
        var started = false;
        _jobs.BeginRound(now, _jobs.IsFlushing);
        _sender.BeginRound();
        while (_jobs.InFlight < _maxConcurrency
            && _sender.MayStart(now, _jobs.InFlight)
            && _jobs.TryTakeNext(now, _jobs.IsFlushing, out var job, out var item))
        {
            started = true;
            var send = _sender.StartSend(item.Event, now);
            if (send.IsCompleted)
            {
                Settle(job, item, send.Result, now);
            }
            else
            {
                _ = AwaitSendAsync(job, item, send);
            }
        }

        return started;
    }

    private async Task AwaitSendAsync(JobLane job, LaneItem item, ValueTask<SendOutcome> send)
    {
        var outcome = await SendCompletion.OutcomeOfAsync(send, Name, _logger, _metrics).ConfigureAwait(false);
        _completions.Enqueue((job, item, outcome));
        SignalPump();
    }

    private void Settle(JobLane job, LaneItem item, SendOutcome outcome, long now)
    {
        switch (outcome)
        {
            case SendOutcome.Delivered:
                _metrics.Delivered(Name, _deliveryClock.MillisecondsSince(item.Event.Timestamp));
                break;
            case SendOutcome.Stopped:
                Drop(item.Event, DropReasons.ShuttingDown);
                break;
        }

        _sender.OnSettled(outcome, now);
        _jobs.Complete(job, item, requeue: outcome is SendOutcome.CircuitOpen or SendOutcome.ConfigurationFault, now);
    }

    private void Abandon()
    {
        _jobs.AbandonAll(DropReasons.DrainTimeout);
        Volatile.Write(ref _closed, 1);
        while (_inbox.TryTake(out var progressEvent))
        {
            Drop(progressEvent, DropReasons.DrainTimeout);
        }

        while (_newWaiters.TryDequeue(out var waiter))
        {
            waiter.Completion.TrySetResult(false);
        }
    }
}
