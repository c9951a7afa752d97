using ProgressKit.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Jobs;

internal sealed partial class ProgressJob
{
    /// <summary>The code of the <c>job_failed</c> event published for a job that ended without a terminal event.</summary>
    internal const string AbandonedErrorCode = "abandoned";

    private static readonly EventDetails s_abandoned =
        new(Error: new ErrorInfo { Code = AbandonedErrorCode, Message = "The job ended without reporting a result." });

    /// <summary>A client asked to cancel: publish <c>job_cancelled</c> at once, then cancel the job's token.</summary>
    /// <returns><see langword="true"/> when the job was running and is now cancelled.</returns>
    internal bool RequestCancellation()
    {
        if (!Publish(ProgressEventType.JobCancelled, JobStatus.Cancelled, new EventDetails("Cancelled at the client's request."), static (_, d) => d))
        {
            return false;
        }

        Log.JobCancellationRequested(_host.Services.Logger, JobId, _tracker.CorrelationId);
        Finish();
        CancelToken();
        return true;
    }

    /// <summary>The job's work ended without a terminal event (disposed, or the host stops): publish <c>job_failed</c>.</summary>
    internal void Abandon()
    {
        if (Publish(ProgressEventType.JobFailed, JobStatus.Failed, s_abandoned, static (_, d) => d))
        {
            Log.JobAbandoned(_host.Services.Logger, JobId, _tracker.CorrelationId);
        }

        Finish();
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

    private void StartCancellationPolling()
    {
        if (_host.Services.CancellationSources.Length == 0 || IsFinished)
        {
            return;
        }

        _ = PollCancellationAsync(_stopPolling.Token);
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

    public JobStreamPosition? HandOff()
    {
        JobStreamPosition? position;
        lock (_tracker.Gate)
        {
            // Handed on before the store answered a continuation: the events held for it are numbered now (their
            // chunks from the cursor's indexes alone), so that the position handed on covers them.
            _tracker.PublishHeld();
            position = _tracker.Position;
        }

        // Before Finish, so that a disposal racing the hand-off cannot publish job_failed "abandoned".
        Volatile.Write(ref _handedOff, 1);
        Finish();
        return position;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (!IsFinished)
        {
            Abandon();
        }
    }
}
