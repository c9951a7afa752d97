using ProgressKit.Diagnostics;
using ProgressKit.Events;

namespace ProgressKit.Jobs;

internal sealed partial class ProgressJob
{
    /// <summary>The code of the <c>job_failed</c> event published for a job that ended without a terminal event.</summary>
    internal const string AbandonedErrorCode = "abandoned";

    /// <summary>A client asked to cancel: publish <c>job_cancelled</c> at once, then cancel the job's token.</summary>
    /// <returns><see langword="true"/> when the job was running and is now cancelled.</returns>
    internal bool RequestCancellation()
    {
        if (!_publisher.PublishTerminal(_tracker, ProgressEventType.JobCancelled, JobStatus.Cancelled, "Cancelled at the client's request.", null, null))
        {
            return false;
        }

        Log.JobCancellationRequested(_publisher.Logger, JobId, _tracker.CorrelationId);
        Finish();
        CancelToken();
        return true;
    }

    /// <summary>The job's work ended without a terminal event (disposed, or the host stops): publish <c>job_failed</c>.</summary>
    internal void Abandon()
    {
        if (_publisher.PublishTerminal(_tracker, ProgressEventType.JobFailed, JobStatus.Failed, null, null,
                new ErrorInfo { Code = AbandonedErrorCode, Message = "The job ended without reporting a result." }))
        {
            Log.JobAbandoned(_publisher.Logger, JobId, _tracker.CorrelationId);
        }

        Finish();
    }

    private void CancelToken()
    {
        // Cancellation callbacks belong to the job's code; run them off the caller's thread (often a hub or a poller).
        BackgroundWork.Queue(BackgroundWork.JobCancellation, static job => job.CancelTokenNow(), this, _publisher.Logger, _publisher.Metrics);
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
        if (_publisher.CancellationSources.Length == 0 || IsFinished)
        {
            return;
        }

        _ = PollCancellationAsync(_stopPolling.Token);
    }

    private async Task PollCancellationAsync(CancellationToken stop)
    {
        var interval = _publisher.Options.CancellationPollInterval;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(interval, _publisher.TimeProvider, stop).ConfigureAwait(false);
                foreach (var source in _publisher.CancellationSources)
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
                        Log.CancellationPollFailed(_publisher.Logger, source.GetType().Name, JobId, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended; polling stops.
        }
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
