namespace ProgressKit.Dispatch;

internal sealed partial class JobQueueSet
{
    private readonly List<FlushWaiter> _waiters = [];

    /// <summary>Gets a value indicating whether a flush waits (the minimum progress interval is then ignored).</summary>
    public bool IsFlushing => _waiters.Count > 0;

    /// <summary>Registers a flush; it gets its target ticket at the next <see cref="PromoteFlushWaiters"/>.</summary>
    public void AddFlushWaiter(FlushWaiter waiter) => _waiters.Add(waiter);

    /// <summary>
    /// Called when the pump found the inbox empty after the waiters registered: every event published before them has
    /// a ticket now, so the newest ticket is what they wait for.
    /// </summary>
    public void PromoteFlushWaiters()
    {
        foreach (var waiter in _waiters)
        {
            if (waiter.TargetTicket == FlushWaiter.NoTarget)
            {
                waiter.TargetTicket = _nextTicket;
            }
        }
    }

    /// <summary>Completes each flush whose tickets are all settled (delivered, failed for good, dropped or coalesced).</summary>
    public void CompleteFlushWaiters()
    {
        if (_waiters.Count == 0)
        {
            return;
        }

        var lowestOwed = long.MaxValue;
        foreach (var job in _jobs.Values)
        {
            lowestOwed = Math.Min(lowestOwed, job.LowestTicket());
        }

        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            var waiter = _waiters[i];
            if (waiter.TargetTicket != FlushWaiter.NoTarget && waiter.TargetTicket < lowestOwed)
            {
                waiter.Completion.TrySetResult(true);
                _waiters.RemoveAt(i);
            }
        }
    }

    private void FailFlushWaiters()
    {
        foreach (var waiter in _waiters)
        {
            waiter.Completion.TrySetResult(false);
        }

        _waiters.Clear();
    }
}
