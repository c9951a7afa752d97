using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// The newest position of each job written to one connection through the groups, so that a copy of an event the
/// connection already got through another of its groups is not written again (see <see cref="ResumeFilteringConnection"/>).
/// </summary>
/// <remarks>
/// Not thread-safe: the connection's lock guards it. A job's entry is kept until the job's terminal event, and then
/// for <see cref="MaxEndedJobs"/> more ended jobs, long enough for the other groups' copies of the terminal event.
/// </remarks>
internal sealed class DeliveredPositions
{
    /// <summary>How many ended jobs' positions are kept after their terminal event.</summary>
    public const int MaxEndedJobs = 256;

    private readonly Dictionary<string, (string Epoch, long Sequence)> _newest = new(StringComparer.Ordinal);
    private readonly Queue<(string JobId, string Epoch, long Sequence)> _ended = new();

    /// <summary>Gets how many jobs' positions are kept; for tests.</summary>
    internal int Count => _newest.Count;

    /// <summary>Records <paramref name="progressEvent"/> and returns true when it is after every event of its job recorded so far.</summary>
    public bool TryAdvance(ProgressEvent progressEvent)
    {
        var epoch = progressEvent.Epoch ?? string.Empty;
        if (_newest.TryGetValue(progressEvent.JobId, out var newest))
        {
            var order = string.CompareOrdinal(epoch, newest.Epoch);
            if (order < 0 || (order == 0 && progressEvent.Sequence <= newest.Sequence))
            {
                return false;
            }
        }

        _newest[progressEvent.JobId] = (epoch, progressEvent.Sequence);
        if (progressEvent.IsTerminal)
        {
            _ended.Enqueue((progressEvent.JobId, epoch, progressEvent.Sequence));
            if (_ended.Count > MaxEndedJobs)
            {
                // Only if the job was not started over since: a newer epoch's entry belongs to a running job.
                var (jobId, endedEpoch, endedSequence) = _ended.Dequeue();
                if (_newest.TryGetValue(jobId, out var current) && current == (endedEpoch, endedSequence))
                {
                    _newest.Remove(jobId);
                }
            }
        }

        return true;
    }
}
