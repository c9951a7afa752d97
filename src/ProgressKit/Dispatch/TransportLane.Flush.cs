using System.Collections.Concurrent;

namespace ProgressKit.Dispatch;

internal sealed partial class TransportLane
{
    private readonly ConcurrentQueue<FlushWaiter> _newWaiters = new();
    private readonly List<FlushWaiter> _waiters = [];

    /// <summary>
    /// Completes with <see langword="true"/> once every event this lane accepted before the call was delivered or
    /// finally failed, or with <see langword="false"/> if the lane stopped first. While a flush waits, the minimum
    /// progress interval is ignored so nothing is held back.
    /// </summary>
    public Task<bool> FlushAsync()
    {
        var waiter = new FlushWaiter();
        if (_stopping.IsCancellationRequested)
        {
            return Task.FromResult(false);
        }

        _newWaiters.Enqueue(waiter);
        SignalPump();
        return waiter.Completion.Task;
    }

    private void AcceptFlushWaiters()
    {
        while (_newWaiters.TryDequeue(out var waiter))
        {
            _waiters.Add(waiter);
        }
    }

    // The channel was found empty in a cycle that began after these waiters registered, so every event published
    // before them now has a ticket: that ticket is what they wait for.
    private void PromoteFlushWaiters()
    {
        foreach (var waiter in _waiters)
        {
            if (waiter.TargetTicket < 0)
            {
                waiter.TargetTicket = _nextTicket;
            }
        }
    }

    private void CompleteFlushWaiters()
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

        _waiters.RemoveAll(waiter =>
        {
            if (waiter.TargetTicket < 0 || waiter.TargetTicket >= lowestOwed)
            {
                return false;
            }

            waiter.Completion.TrySetResult(true);
            return true;
        });
    }

    private sealed class FlushWaiter
    {
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long TargetTicket { get; set; } = -1;
    }
}
