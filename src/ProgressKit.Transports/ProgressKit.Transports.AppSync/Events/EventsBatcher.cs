namespace ProgressKit.Transports.AppSync.Events;

/// <summary>
/// Coalesces concurrent sends to the same channel into publish requests of up to
/// <see cref="AppSyncEventsOptions.MaxEventsPerRequest"/> events within <see cref="AppSyncEventsOptions.MaxRequestEventBytes"/>.
/// </summary>
/// <remarks>
/// <para>Why per channel: a publish request names one channel. Why it is safe for ordering: the dispatcher never has
/// two events of one job in flight, so a batch holds at most one event per job and the order within a job is the
/// dispatcher's.</para>
/// <para>The first send to an idle channel opens a collection window (<see cref="AppSyncEventsOptions.BatchWindow"/>,
/// or one trip through the thread pool when it is zero); everything that arrived for the channel when it closes is
/// split into requests, which go out concurrently. A send that arrives later opens the next window.</para>
/// </remarks>
internal sealed class EventsBatcher(
    AppSyncEventsOptions options,
    TimeProvider timeProvider,
    Func<string, IReadOnlyList<PendingEvent>, Task> sendBatchAsync)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<PendingEvent>> _waiting = new(StringComparer.Ordinal);
    private readonly TimeSpan _window = options.BatchWindow;
    private readonly int _maxEvents = options.MaxEventsPerRequest;
    private readonly int _maxBytes = options.MaxRequestEventBytes;

    /// <summary>Queues <paramref name="pending"/> for its channel; its completion reports the event's own result.</summary>
    /// <param name="pending">The event.</param>
    public void Enqueue(PendingEvent pending)
    {
        bool opensWindow;
        lock (_gate)
        {
            opensWindow = !_waiting.TryGetValue(pending.Channel, out var queue);
            if (opensWindow)
            {
                queue = [];
                _waiting.Add(pending.Channel, queue);
            }

            queue!.Add(pending);
        }

        if (opensWindow)
        {
            _ = FlushAfterWindowAsync(pending.Channel);
        }
    }

    /// <summary>Splits events into requests: at most the event count and byte budget each, one oversized event alone.</summary>
    /// <param name="events">The events, in arrival order.</param>
    /// <param name="maxEvents">The most events per request.</param>
    /// <param name="maxBytes">The most event bytes per request.</param>
    /// <returns>The requests' events, in order.</returns>
    public static List<List<PendingEvent>> Split(IReadOnlyList<PendingEvent> events, int maxEvents, int maxBytes)
    {
        var batches = new List<List<PendingEvent>>();
        List<PendingEvent>? current = null;
        var bytes = 0;
        foreach (var pending in events)
        {
            if (current is null || current.Count == maxEvents || (current.Count > 0 && bytes + pending.Json.Length > maxBytes))
            {
                current = [];
                batches.Add(current);
                bytes = 0;
            }

            current.Add(pending);
            bytes += pending.Json.Length;
        }

        return batches;
    }

    private async Task FlushAfterWindowAsync(string channel)
    {
        if (_window > TimeSpan.Zero)
        {
            await Task.Delay(_window, timeProvider).ConfigureAwait(false);
        }
        else
        {
            // Let the rest of a burst (the dispatcher starts sends for many jobs in one loop) join this request.
            await Task.Yield();
        }

        List<PendingEvent>? queue;
        lock (_gate)
        {
            _waiting.Remove(channel, out queue);
        }

        // Callers whose attempt was cancelled while they waited are not sent: the dispatcher retries them itself.
        var live = queue!.FindAll(static p => !p.IsDone);
        foreach (var batch in Split(live, _maxEvents, _maxBytes))
        {
            _ = SendSafelyAsync(channel, batch);
        }
    }

    private async Task SendSafelyAsync(string channel, List<PendingEvent> batch)
    {
        try
        {
            await sendBatchAsync(channel, batch).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The sender completes every member itself; this only guards against a bug leaving callers waiting.
            foreach (var pending in batch)
            {
                pending.Fail(ex);
            }
        }
    }
}
