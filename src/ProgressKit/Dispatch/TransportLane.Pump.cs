using ProgressKit.Diagnostics;
using ProgressKit.Events;

namespace ProgressKit.Dispatch;

internal sealed partial class TransportLane
{
    // 0 = running, 1 = waiting one poll quantum, 2 = parked until signalled.
    private const int Running = 0;
    private const int WaitingShort = 1;

    private int _waitingShort;

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

            if (_inFlight > 0 || _queued > 0 || _waiters.Count > 0 || idlePolls < IdlePollsBeforePark)
            {
                idlePolls++;
                Volatile.Write(ref _waitingShort, WaitingShort);
                _signal.Wait(PollQuantum);
                Volatile.Write(ref _waitingShort, Running);
                continue;
            }

            Volatile.Write(ref _parked, 1);
            if (HasIncomingWork())
            {
                Volatile.Write(ref _parked, 0);
                continue;
            }

            _signal.Wait();
            Volatile.Write(ref _parked, 0);
            idlePolls = 0;
        }

        AbandonQueued();
    }

    private bool HasIncomingWork() =>
        _buffer.Reader.Count > 0 || !_overflow.IsEmpty || !_completions.IsEmpty || !_newWaiters.IsEmpty;

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
        AcceptFlushWaiters();
        var worked = ProcessCompletions();
        worked |= Intake(out var drained);
        if (drained)
        {
            PromoteFlushWaiters();
        }

        worked |= StartSends();
        CompleteFlushWaiters();
        return worked;
    }

    private bool Intake(out bool drained)
    {
        var taken = 0;
        while (taken < IntakeBatch && _buffer.Reader.TryRead(out var progressEvent))
        {
            Accept(progressEvent);
            taken++;
        }

        // Everything in the channel is older than everything in the overflow queue (see Enqueue), so the channel goes first.
        while (taken < IntakeBatch && _overflow.TryDequeue(out var progressEvent))
        {
            Interlocked.Decrement(ref _overflowCount);
            Accept(progressEvent);
            taken++;
        }

        drained = taken < IntakeBatch && _buffer.Reader.Count == 0 && _overflow.IsEmpty;
        return taken > 0;
    }

    private void Accept(ProgressEvent progressEvent)
    {
        var isProgress = progressEvent.Type == ProgressEventType.ProgressUpdate;
        if (!_jobs.TryGetValue(progressEvent.JobId, out var job))
        {
            job = new JobLane(progressEvent.JobId);
            _jobs.Add(progressEvent.JobId, job);
        }

        if (_queued >= _capacity && !progressEvent.IsTerminal && !(isProgress && job.HasPendingProgressOnly))
        {
            // Superseded progress is removed as soon as it is superseded, so what is dropped here is the
            // newest event of a job whose lane is hopelessly behind; terminal events are always kept.
            if (!isProgress && EvictOneProgressUpdate())
            {
                _queued--;
            }
            else
            {
                Drop(progressEvent, DropReasons.BufferFull);
                RemoveIfIdle(job);
                return;
            }
        }

        var superseded = job.Add(new LaneItem(progressEvent, ++_nextTicket), isProgress);
        if (superseded is null)
        {
            _queued++;
        }
        else
        {
            _metrics.Coalesced(Name);
        }

        Schedule(job);
    }

    // When the lane is full, a waiting progress update of any job is the cheapest thing to give up: that job's next
    // event carries its whole state again.
    private bool EvictOneProgressUpdate()
    {
        foreach (var job in _jobs.Values)
        {
            if (job.EvictPendingProgress() is { } evicted)
            {
                Drop(evicted.Event, DropReasons.BufferFull);
                return true;
            }
        }

        return false;
    }

    private void Schedule(JobLane job)
    {
        if (!job.IsScheduled && job.InFlight is null && job.Count > 0)
        {
            job.IsScheduled = true;
            _ready.Enqueue(job);
        }
    }

    private void RemoveIfIdle(JobLane job)
    {
        // Keep an idle job while its minimum progress interval runs, so the interval survives quiet moments.
        if (job.IsIdle && !job.IsScheduled
            && (_minProgressIntervalTicks == 0 || !job.HasSentProgress || _timeProvider.GetTimestamp() - job.LastProgressSentAt >= _minProgressIntervalTicks))
        {
            _jobs.Remove(job.JobId);
        }
    }

    private bool ProcessCompletions()
    {
        var worked = false;
        while (_completions.TryDequeue(out var completion))
        {
            Complete(completion.Job, completion.Item, completion.Outcome);
            worked = true;
        }

        return worked;
    }

    private void AbandonQueued()
    {
        foreach (var job in _jobs.Values)
        {
            foreach (var item in job.DrainAll())
            {
                Drop(item.Event, DropReasons.DrainTimeout);
            }
        }

        while (_buffer.Reader.TryRead(out var progressEvent))
        {
            Drop(progressEvent, DropReasons.DrainTimeout);
        }

        while (_overflow.TryDequeue(out var progressEvent))
        {
            Drop(progressEvent, DropReasons.DrainTimeout);
        }

        _jobs.Clear();
        _queued = 0;
        foreach (var waiter in _waiters)
        {
            waiter.Completion.TrySetResult(false);
        }

        while (_newWaiters.TryDequeue(out var waiter))
        {
            waiter.Completion.TrySetResult(false);
        }
    }
}
