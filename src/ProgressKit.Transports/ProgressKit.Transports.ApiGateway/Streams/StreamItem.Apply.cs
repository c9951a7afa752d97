using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Transports.ApiGateway.Streams;

internal sealed partial class StreamItem
{
    /// <summary>
    /// Applies one event (with its JSON as clients received it) by the store's rule: refused when not after the
    /// position; a newer epoch replaces the stream; a <c>seq</c> that skips ahead starts the log afresh.
    /// </summary>
    /// <returns>Null when applied; otherwise why it was refused (<c>older_epoch</c>, <c>not_after_position</c>).</returns>
    public string? Apply(ProgressEvent progressEvent, string json, JobStreamStoreOptions bounds, ref ItemEvictions evictions)
    {
        var epoch = progressEvent.Epoch ?? string.Empty;
        if (HasStream)
        {
            var order = string.CompareOrdinal(epoch, Epoch);
            if (order < 0)
            {
                return StreamRefusals.OlderEpoch;
            }

            if (order == 0 && progressEvent.Sequence <= Sequence)
            {
                return StreamRefusals.NotAfterPosition;
            }

            if (order > 0)
            {
                evictions.Discontinuity += ClearLog();
                Texts.Clear();
            }
            else if (progressEvent.Sequence != Sequence + 1)
            {
                evictions.Discontinuity += ClearLog();
            }
            else
            {
                AddLog(Snapshot!);
            }
        }
        else
        {
            ClearLog();
            Texts.Clear();
        }

        Epoch = epoch;
        Sequence = progressEvent.Sequence;
        KeptSequence = progressEvent.KeptSequence ?? 0;
        Snapshot = json;
        if (progressEvent.Chunk is { } chunk)
        {
            Texts.Add(chunk, bounds);
        }

        Trim(bounds, ref evictions);
        return null;
    }

    // Oldest first: the per-job count (the snapshot counts as one of the job's events), the per-job bytes, then the
    // item's own cap.
    private void Trim(JobStreamStoreOptions bounds, ref ItemEvictions evictions)
    {
        var overCount = _log.Count + 1 - bounds.MaxEventsPerJob;
        if (overCount > 0)
        {
            evictions.JobEvents += RemoveOldest(Math.Min(overCount, _log.Count));
        }

        var snapshotBytes = System.Text.Encoding.UTF8.GetByteCount(Snapshot!);
        var remaining = (long)_logTotal + snapshotBytes;
        var byBytes = 0;
        while (byBytes < _log.Count && remaining > bounds.MaxBytesPerJob)
        {
            remaining -= _logBytes[byBytes];
            byBytes++;
        }

        evictions.JobBytes += RemoveOldest(byBytes);
        var bySize = 0;
        var excess = Bytes - DynamoDbJobStreamStoreOptions.MaxItemBytes;
        while (excess > 0 && bySize < _log.Count)
        {
            excess -= _logBytes[bySize] + 3;
            bySize++;
        }

        evictions.ItemSize += RemoveOldest(bySize);
    }

    private int ClearLog() => RemoveOldest(_log.Count);
}
