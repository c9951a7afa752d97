using System.Collections.Concurrent;
using ProgressKit.Diagnostics;
using ProgressKit.Jobs;
using ProgressKit.Streams;

namespace ProgressKit;

/// <summary>
/// A job continued from another process's hand-off cursor: the cursor gives the position at once; the job stream store
/// gives each chunk stream's next index (a shared store knows what the first process streamed). While a remote store
/// is read, the job's publishes are held in order, not blocked, and numbered when it answers.
/// </summary>
internal sealed partial class ProgressPublisher
{
    // The store reads that hand-offs wait for, by job; added under the job's lock, removed by the read when it ends.
    private readonly ConcurrentDictionary<JobTracker, Task> _storeReads = new();

    // Continues the job from the cursor, with the stream indexes of the store's state when it holds the job at or
    // after the cursor; otherwise (an in-memory store in another process, a store behind the cursor, a failed read)
    // from the cursor alone, with chunk indexes from 0. Callers hold tracker.Gate.
    private void ContinueHandOff(JobTracker tracker, JobStreamPosition cursor)
    {
        tracker.ContinueFrom(cursor);
        if (tracker.IsAwaitingStore)
        {
            return;
        }

        ValueTask<JobStreamState?> pending;
        try
        {
            if (_streams.GetLocalState(tracker.JobId) is { } local && Holds(local, cursor))
            {
                AdoptStreams(tracker, cursor, local);
                return;
            }

            pending = _streams.GetStateAsync(tracker.JobId);
        }
        catch (Exception ex)
        {
            Log.StreamStoreFailed(_logger, tracker.JobId, ex);
            return;
        }

        if (pending.IsCompleted)
        {
            AdoptStreams(tracker, cursor, ResultOf(pending, tracker.JobId));
            return;
        }

        tracker.AwaitStore();
        var read = ContinueWhenReadAsync(tracker, cursor, pending);
        _storeReads[tracker] = read;
        if (read.IsCompleted)
        {
            _storeReads.TryRemove(new KeyValuePair<JobTracker, Task>(tracker, read));
        }
    }

    private async Task ContinueWhenReadAsync(JobTracker tracker, JobStreamPosition cursor, ValueTask<JobStreamState?> pending)
    {
        JobStreamState? state = null;
        try
        {
            state = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.StreamStoreFailed(_logger, tracker.JobId, ex);
        }

        lock (tracker.Gate)
        {
            // Not awaiting any more when the job was handed on before the store answered: its held events were
            // numbered then, from the cursor alone.
            if (tracker.IsAwaitingStore)
            {
                AdoptStreams(tracker, cursor, state);
                tracker.PublishHeld();
            }
        }

        _storeReads.TryRemove(tracker, out _);
    }

    private JobStreamState? ResultOf(ValueTask<JobStreamState?> completed, string jobId)
    {
        try
        {
            return completed.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            Log.StreamStoreFailed(_logger, jobId, ex);
            return null;
        }
    }

    private static void AdoptStreams(JobTracker tracker, JobStreamPosition cursor, JobStreamState? state)
    {
        if (state is not null && Holds(state, cursor))
        {
            tracker.ContinueFrom(state.Position, state);
        }
    }

    // Whether the store's state covers everything before the hand-off (the same epoch, at or after the cursor, not
    // ended), so its chunk indexes are the ones the first process left.
    private static bool Holds(JobStreamState state, JobStreamPosition cursor) =>
        !state.Snapshot.IsTerminal
        && string.Equals(state.Position.Epoch, cursor.Epoch, StringComparison.Ordinal)
        && state.Position.Sequence >= cursor.Sequence;

    // Completes when every hand-off's store read has answered and its held publishes were enqueued; false on timeout.
    private async Task<bool> WaitForStoreReadsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_storeReads.IsEmpty)
        {
            return true;
        }

        try
        {
            await Task.WhenAll(_storeReads.Values).WaitAsync(timeout, TimeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
