using System.Diagnostics.CodeAnalysis;
using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Jobs;

/// <summary>
/// The part of an open job that the publisher holds: how the job ends (its terminal event, a client's cancel request,
/// a hand-off, abandonment), its cancellation token and the polling of cancellation sources. The registry holds this,
/// never the <see cref="ProgressJob"/> handle, so a handle its caller drops becomes unreachable and its
/// <see cref="JobHandleDropWatch"/> ends the job.
/// </summary>
/// <remarks>
/// <see cref="_finished"/> and <see cref="_handedOff"/> are each written once, atomically, by whichever thread ends
/// the job; the job's own state is its tracker's, under the tracker's lock.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The token belongs to the job's code, which may still register on it after the job ended; a disposed source would make that throw. Nothing here holds unmanaged resources.")]
internal sealed class JobLifetime
{
    /// <summary>The code of the <c>job_failed</c> event published for a job that ended without a terminal event.</summary>
    internal const string AbandonedErrorCode = "abandoned";

    private static readonly EventDetails s_abandoned =
        new(Error: new ErrorInfo { Code = AbandonedErrorCode, Message = "The job ended without reporting a result." });

    private readonly IJobHost _host;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationTokenSource _stopPolling = new();
    private int _finished;

    // 1 once HandOff or Supersede ran: written once, read by every publish of the job.
    private int _handedOff;

    public JobLifetime(IJobHost host, JobTracker tracker)
    {
        _host = host;
        Tracker = tracker;
    }

    public JobTracker Tracker { get; }

    public string JobId => Tracker.JobId;

    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Gets a value indicating whether the job has ended or its handle was disposed.</summary>
    public bool IsFinished => Volatile.Read(ref _finished) == 1;

    /// <summary>Publishes through the host unless the job was handed off: its events now come from another process.</summary>
    public bool Publish<TState>(ProgressEventType type, JobStatus status, TState state, JobChange<TState> change) =>
        Volatile.Read(ref _handedOff) == 0 && _host.Publish(Tracker, type, status, state, change);

    /// <summary>Publishes the job's terminal event and ends the job.</summary>
    /// <returns><see langword="true"/> when the event was published.</returns>
    public bool End(ProgressEventType type, JobStatus status, EventDetails details)
    {
        if (!Publish(type, status, details, static (_, d) => d))
        {
            return false;
        }

        Finish();
        return true;
    }

    /// <summary>The job's code cancelled it: publish <c>job_cancelled</c>, then cancel its token.</summary>
    public void Cancel(string? message)
    {
        if (End(ProgressEventType.JobCancelled, JobStatus.Cancelled, new EventDetails(message ?? "Cancelled.")))
        {
            CancelToken();
        }
    }

    /// <summary>A client asked to cancel: publish <c>job_cancelled</c> at once, then cancel the job's token.</summary>
    /// <returns><see langword="true"/> when the job was running and is now cancelled.</returns>
    public bool RequestCancellation()
    {
        if (!End(ProgressEventType.JobCancelled, JobStatus.Cancelled, new EventDetails("Cancelled at the client's request.")))
        {
            return false;
        }

        Log.JobCancellationRequested(_host.Services.Logger, JobId, Tracker.CorrelationId);
        CancelToken();
        return true;
    }

    /// <summary>The job's work ended without a terminal event (disposed, or the host stops): publish <c>job_failed</c>.</summary>
    public void Abandon()
    {
        if (Publish(ProgressEventType.JobFailed, JobStatus.Failed, s_abandoned, static (_, d) => d))
        {
            Log.JobAbandoned(_host.Services.Logger, JobId, Tracker.CorrelationId);
        }

        Finish();
    }

    /// <summary>The handle was disposed: a job still open is abandoned.</summary>
    public void AbandonIfOpen()
    {
        if (!IsFinished)
        {
            Abandon();
        }
    }

    /// <summary>
    /// The handle became unreachable without being disposed; called from its drop watch's finalizer, so it only queues
    /// the abandonment (which publishes and takes locks) to background work.
    /// </summary>
    public void QueueHandleDropped() =>
        BackgroundWork.Queue(BackgroundWork.DroppedJobHandle, static job => job.OnHandleDropped(), this, _host.Services.Logger, _host.Services.Metrics);

    /// <summary>Called when the job ended through <see cref="IProgressPublisher"/> by id rather than through its handle.</summary>
    public void OnEndedElsewhere() => Finish();

    /// <summary>Stops the job's publishing here and returns its position, for another process to continue from.</summary>
    public JobStreamPosition? HandOff()
    {
        JobStreamPosition? position;
        lock (Tracker.Gate)
        {
            // Handed on before the store answered a continuation: the events held for it are numbered now (their
            // chunks from the cursor's indexes alone), so that the position handed on covers them.
            Tracker.PublishHeld();
            position = Tracker.Position;
        }

        // Before Finish, so that a disposal racing the hand-off cannot publish job_failed "abandoned".
        Volatile.Write(ref _handedOff, 1);
        Finish();
        return position;
    }

    /// <summary>The job was started over: this handle's run publishes nothing more and, disposed, is not abandoned.</summary>
    public void Supersede()
    {
        Volatile.Write(ref _handedOff, 1);
        Finish();
    }

    /// <summary>Starts asking the registered cancellation sources whether a client asked to cancel the job.</summary>
    public void StartCancellationPolling()
    {
        if (_host.Services.CancellationSources.Length == 0 || IsFinished)
        {
            return;
        }

        _ = PollCancellationAsync(_stopPolling.Token);
    }

    private void OnHandleDropped()
    {
        if (IsFinished)
        {
            return;
        }

        Log.JobHandleDropped(_host.Services.Logger, JobId, Tracker.CorrelationId);
        Abandon();
    }

    private void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1)
        {
            return;
        }

        _stopPolling.Cancel();
        _host.Release(this);
    }

    private void CancelToken()
    {
        // Cancellation callbacks belong to the job's code; run them off the caller's thread (often a hub or a poller).
        BackgroundWork.Queue(BackgroundWork.JobCancellation, static job => job.CancelTokenNow(), this, _host.Services.Logger, _host.Services.Metrics);
    }

    private void CancelTokenNow()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (AggregateException)
        {
            // A callback of the job's own threw; the job sees its token cancelled all the same.
        }
    }

    private async Task PollCancellationAsync(CancellationToken stop)
    {
        var services = _host.Services;
        var interval = services.CancellationPollInterval;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(interval, services.TimeProvider, stop).ConfigureAwait(false);
                foreach (var source in services.CancellationSources)
                {
                    try
                    {
                        if (await source.IsCancellationRequestedAsync(JobId, stop).ConfigureAwait(false))
                        {
                            RequestCancellation();
                            return;
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                    {
                        Log.CancellationPollFailed(services.Logger, source.GetType().Name, JobId, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended; polling stops.
        }
    }
}
