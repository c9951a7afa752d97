using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Dispatch;

/// <summary>
/// One event's way through the resilience pipeline: its attempts, the attempt the lane's fast path already started
/// (if any), and the attempts that timed out while the transport ignored their cancellation.
/// </summary>
internal sealed class SendOperation(IProgressTransport transport, ProgressEvent progressEvent, ValueTask startedAttempt, CancellationTokenSource? startedAttemptTokens)
{
    private bool _hasStartedAttempt = startedAttemptTokens is not null;
    private List<Task>? _abandoned;

    public ProgressEvent Event { get; } = progressEvent;

    /// <summary>Gets a value indicating whether an attempt timed out but may still be running in the transport.</summary>
    public bool HasAbandonedAttempts => _abandoned is { Count: > 0 } abandoned && abandoned.Exists(static t => !t.IsCompleted);

    /// <summary>One attempt: the one already started on the first call, a new transport call after that.</summary>
    public async ValueTask AttemptAsync(CancellationToken cancellationToken)
    {
        ValueTask send;
        CancellationTokenRegistration link = default;
        if (_hasStartedAttempt)
        {
            // The transport got the fast path's token; the pipeline's timeout and the lane's shutdown cancel it now.
            _hasStartedAttempt = false;
            send = startedAttempt;
            link = cancellationToken.UnsafeRegister(static tokens => ((CancellationTokenSource)tokens!).Cancel(), startedAttemptTokens);
        }
        else
        {
            try
            {
                send = transport.SendAsync(Event, cancellationToken);
            }
            catch (Exception ex)
            {
                send = ValueTask.FromException(ex);
            }
        }

        try
        {
            if (send.IsCompletedSuccessfully)
            {
                send.GetAwaiter().GetResult();
                return;
            }

            // WaitAsync shields the pipeline from a transport that ignores cancellation: the attempt ends when its
            // token fires even if the transport's task does not, and that task is remembered.
            var task = send.AsTask();
            try
            {
                await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!task.IsCompleted)
            {
                (_abandoned ??= []).Add(task);
                throw;
            }
        }
        finally
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every abandoned attempt has ended, so the job's next event cannot overtake one.</summary>
    public async ValueTask WaitForAbandonedAttemptsAsync(CancellationToken stopping)
    {
        if (_abandoned is null)
        {
            return;
        }

        foreach (var attempt in _abandoned)
        {
            try
            {
                await attempt.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The attempt's own failure was already reported through the pipeline; only its end matters here,
                // unless the lane is stopping, when nothing waits any longer.
                if (stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Disposes the fast path's token source, which a pending attempt may have cancelled.</summary>
    public void DisposeStartedAttemptTokens() => startedAttemptTokens?.Dispose();
}
