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

    /// <summary>Gets a value indicating whether an attempt timed out whose end (success or failure) was not looked at yet.</summary>
    public bool HasUnsettledAbandonedAttempts => _abandoned is { Count: > 0 };

    /// <summary>Gets a value indicating whether an attempt timed out but may still be running in the transport.</summary>
    public bool HasAbandonedAttempts => _abandoned is { Count: > 0 } abandoned && abandoned.Exists(static t => !t.IsCompleted);

    /// <summary>One attempt: the one already started on the first call, a new transport call after that.</summary>
    /// <remarks>
    /// A retry never overlaps an earlier attempt of the same event that ignored its cancellation: it first waits for
    /// that attempt (within its own timeout), and if the transport delivered the event after all, this attempt is that
    /// success, so the transport never sees one event succeed twice.
    /// </remarks>
    public async ValueTask AttemptAsync(CancellationToken cancellationToken)
    {
        if (_abandoned is { Count: > 0 } && await AbandonedAttemptSucceededAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

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
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (task.IsCompletedSuccessfully)
                {
                    // The transport finished just as the attempt timed out: the event was delivered.
                    return;
                }

                if (!task.IsCompleted)
                {
                    Abandon(task);
                }
                else
                {
                    ObserveFailure(task);
                }

                throw;
            }
        }
        finally
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the attempts that ignored their cancellation; says whether one of them delivered the event after all.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires first.
    /// </summary>
    public async ValueTask<bool> AbandonedAttemptSucceededAsync(CancellationToken cancellationToken)
    {
        if (_abandoned is null)
        {
            return false;
        }

        var succeeded = false;
        foreach (var attempt in _abandoned)
        {
            try
            {
                await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
                succeeded = true;
            }
            catch (Exception) when (attempt.IsCompleted)
            {
                // That attempt failed; its failure was already reported through the pipeline as a timeout.
            }
        }

        _abandoned.Clear();
        return succeeded;
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

    /// <summary>
    /// The pipeline ended without running the attempt the fast path had started (the circuit was open, or the lane is
    /// stopping): that attempt is still the transport's, so it is treated as abandoned (what it finally does decides,
    /// and its failure is observed).
    /// </summary>
    public void AdoptUnconsumedStartedAttempt()
    {
        if (!_hasStartedAttempt)
        {
            return;
        }

        _hasStartedAttempt = false;
        startedAttemptTokens?.Cancel();
        Abandon(startedAttempt.AsTask());
    }

    private void Abandon(Task attempt)
    {
        ObserveFailure(attempt);
        (_abandoned ??= []).Add(attempt);
    }

    // Whoever waits for an abandoned attempt may stop waiting (the lane stops): its failure must never go unobserved.
    private static void ObserveFailure(Task attempt) =>
        _ = attempt.ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Disposes the fast path's token source, which a pending attempt may have cancelled.</summary>
    public void DisposeStartedAttemptTokens() => startedAttemptTokens?.Dispose();
}
