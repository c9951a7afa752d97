using System.Collections.Concurrent;
using ProgressKit.Diagnostics;
using ProgressKit.Jobs;
using ProgressKit.Streams;

namespace ProgressKit;

/// <summary>
/// A job continued from another process's hand-off cursor: the cursor gives the position at once; the job stream store
/// gives each chunk stream's next index (a shared store knows what the first process streamed). A job first published
/// here without a cursor continues from the position a shared store knows. While a remote store is read, the job's
/// publishes are held in order, not blocked, and numbered when it answers.
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
        ContinueWhenRead(tracker, cursor, pending);
    }

    // A job first tracked without a cursor whose store's own copy knew nothing (ContinueFromStore made it await): reads
    // the shared store once, in the background, while the job's publishes are held. Called once the tracker is the job's.
    private void ReadStore(JobTracker tracker)
    {
        lock (tracker.Gate)
        {
            if (!tracker.IsAwaitingStore)
            {
                return;
            }
        }

        ValueTask<JobStreamState?> pending;
        try
        {
            pending = _streams.GetStateAsync(tracker.JobId);
        }
        catch (Exception ex)
        {
            pending = ValueTask.FromException<JobStreamState?>(ex);
        }

        ContinueWhenRead(tracker, cursor: null, pending);
    }

    // Continues the awaiting job when the store answers and publishes what was held meanwhile; FlushAsync waits for it.
    private void ContinueWhenRead(JobTracker tracker, JobStreamPosition? cursor, ValueTask<JobStreamState?> pending)
    {
        var read = ContinueWhenReadAsync(tracker, cursor, pending);
        _storeReads[tracker] = read;
        if (read.IsCompleted)
        {
            _storeReads.TryRemove(new KeyValuePair<JobTracker, Task>(tracker, read));
        }
    }

    private async Task ContinueWhenReadAsync(JobTracker tracker, JobStreamPosition? cursor, ValueTask<JobStreamState?> pending)
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
                Adopt(tracker, cursor, state);
                tracker.PublishHeld();
            }
        }

        _storeReads.TryRemove(tracker, out _);
    }

    // The store's answer for an awaiting job. A job started over meanwhile only learns the epoch to start after. A
    // hand-off cursor (given with the read, or while a read without one was pending: the tracker's position, since
    // nothing was numbered meanwhile) takes the store's streams when the store holds the job at or after it. Without a
    // cursor, the job continues from the store's state, or starts a new epoch after a finished one.
    private static void Adopt(JobTracker tracker, JobStreamPosition? cursor, JobStreamState? state)
    {
        if (tracker.IsStartingOver)
        {
            if (state is not null)
            {
                tracker.StartAfter(state.Position.Epoch);
            }
        }
        else if ((cursor ?? tracker.Position) is { } handOff)
        {
            AdoptStreams(tracker, handOff, state);
        }
        else
        {
            ContinueUntracked(tracker, state);
        }
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
