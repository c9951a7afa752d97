namespace ProgressKit.Dispatch;

/// <summary>
/// One job's events inside one transport lane. Only the lane's pump touches it. Events that must all be delivered
/// wait in <see cref="_items"/>; at most one progress update waits after them in <see cref="_pendingProgress"/>,
/// because any newer event of the job carries the job's whole state and so supersedes it.
/// </summary>
/// <remarks>Instances are pooled by <see cref="JobQueueSet"/>: a job that goes idle returns its lane for the next job.</remarks>
internal sealed class JobLane
{
    private readonly Queue<LaneItem> _items = new();
    private LaneItem? _pendingProgress;

    public string JobId { get; private set; } = string.Empty;

    /// <summary>Makes a pooled, empty lane the lane of <paramref name="jobId"/>.</summary>
    public void Reset(string jobId)
    {
        JobId = jobId;
        InFlight = null;
        IsScheduled = false;
        IsDeferred = false;
        LastProgressSentAt = 0;
        HasSentProgress = false;
        IsIdleHeld = false;
    }

    /// <summary>Gets or sets a value indicating whether the idle job waits in the set's queue of jobs kept for their interval.</summary>
    public bool IsIdleHeld { get; set; }

    /// <summary>Gets or sets the event being sent; at most one per job, which keeps the job's order.</summary>
    public LaneItem? InFlight { get; set; }

    /// <summary>Gets or sets a value indicating whether the job sits in the lane's ready queue.</summary>
    public bool IsScheduled { get; set; }

    /// <summary>Gets or sets a value indicating whether the job waits in the deferred list for its progress to fall due.</summary>
    public bool IsDeferred { get; set; }

    /// <summary>Gets when (TimeProvider timestamp) this job's last progress update was sent on this lane.</summary>
    public long LastProgressSentAt { get; private set; }

    /// <summary>Gets a value indicating whether a progress update of this job was sent on this lane yet.</summary>
    public bool HasSentProgress { get; private set; }

    public void MarkProgressSent(long timestamp)
    {
        LastProgressSentAt = timestamp;
        HasSentProgress = true;
    }

    public int Count => _items.Count + (_pendingProgress is null ? 0 : 1);

    public bool IsIdle => InFlight is null && Count == 0;

    public bool HasPendingProgressOnly => _items.Count == 0 && _pendingProgress is not null;

    /// <summary>Adds an event; returns the progress update it superseded, if any, so the caller can count it.</summary>
    public LaneItem? Add(LaneItem item, bool isProgressUpdate)
    {
        var superseded = _pendingProgress;
        _pendingProgress = null;
        if (isProgressUpdate)
        {
            _pendingProgress = item;
        }
        else
        {
            _items.Enqueue(item);
        }

        return superseded;
    }

    /// <summary>Removes the waiting progress update to make room; returns it, or null when there is none.</summary>
    public LaneItem? EvictPendingProgress()
    {
        var evicted = _pendingProgress;
        _pendingProgress = null;
        return evicted;
    }

    /// <summary>Takes the next event to send, or null when the only one waiting is a progress update not yet due.</summary>
    public LaneItem? TakeNext(bool progressDue)
    {
        if (_items.TryDequeue(out var item))
        {
            return item;
        }

        if (_pendingProgress is { } progress && progressDue)
        {
            _pendingProgress = null;
            return progress;
        }

        return null;
    }

    /// <summary>Puts an event back at the head (the circuit was open); keeps the job's order.</summary>
    /// <returns><see langword="false"/> when the event was a progress update that a newer event superseded meanwhile.</returns>
    public bool Requeue(LaneItem item, bool isProgressUpdate)
    {
        if (isProgressUpdate)
        {
            if (_pendingProgress is not null || _items.Count > 0)
            {
                return false;
            }

            _pendingProgress = item;
            return true;
        }

        // Rotating in place keeps the head's order without allocating: enqueue, then move the old items behind it.
        var rest = _items.Count;
        _items.Enqueue(item);
        for (var i = 0; i < rest; i++)
        {
            _items.Enqueue(_items.Dequeue());
        }

        return true;
    }

    /// <summary>Returns the lowest ticket this job still owes, or <see cref="long.MaxValue"/> when it owes none.</summary>
    public long LowestTicket()
    {
        if (InFlight is { } inFlight)
        {
            return inFlight.Ticket;
        }

        if (_items.TryPeek(out var head))
        {
            return head.Ticket;
        }

        return _pendingProgress?.Ticket ?? long.MaxValue;
    }

    /// <summary>Empties the job's queue (shutdown), returning what was dropped.</summary>
    public IEnumerable<LaneItem> DrainAll()
    {
        while (_items.TryDequeue(out var item))
        {
            yield return item;
        }

        if (_pendingProgress is { } progress)
        {
            _pendingProgress = null;
            yield return progress;
        }
    }
}
