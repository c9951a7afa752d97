using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.State;

/// <summary>
/// Holds each group send until Redis holds the event's snapshot (or a newer one), so that a client that joins the
/// job's group on any node and then reads the snapshot never misses the event: either the event is published after
/// the join and arrives through the group, or it was published before, and its snapshot was stored before that.
/// </summary>
internal sealed class RedisSnapshotBarrier(RedisJobStateStore store) : IProgressSendBarrier
{
    public ValueTask WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        var pending = store.EnsureStoredAsync(progressEvent, cancellationToken);
        return pending.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitAsync(pending, progressEvent);
    }

    private static async ValueTask AwaitAsync(ValueTask pending, ProgressEvent progressEvent)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not TransportException)
        {
            throw new TransportException(
                $"The snapshot of job '{progressEvent.JobId}' (seq {progressEvent.Sequence}) could not be stored in Redis, so the event is not sent yet: {exception.Message}",
                TransportFailureKind.Transient,
                exception);
        }
    }
}
