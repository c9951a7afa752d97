using System.Collections.Concurrent;
using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// The gate's second door: events that reach a connection through the groups without passing <see cref="StartSend"/>
/// (published by another process and carried by the backplane) are held or kept from a resuming connection the same
/// way, at the moment SignalR writes them to it (see <see cref="ResumeFilteringConnection"/>).
/// </summary>
internal sealed partial class ResumeGate
{
    // How many open resumes each connection has; written under the stripe lock of the resume's job (several stripes
    // may write one connection's count, hence the concurrent map). Read without a lock by ShouldDeliver's fast path.
    private readonly ConcurrentDictionary<string, int> _resumesByConnection = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether <paramref name="connectionId"/> has an open resume (a lock-free hint).</summary>
    public bool IsResuming(string connectionId) => _resumesByConnection.ContainsKey(connectionId);

    /// <summary>
    /// Decides whether <paramref name="progressEvent"/>, arriving for <paramref name="connectionId"/> through the groups,
    /// is written to it: while the connection's resume of the job holds, the event is held for it (released after the
    /// replay when newer than what it was sent); while it filters, an event it already has is kept from it, and the
    /// first newer one is written and ends the resume.
    /// </summary>
    public bool ShouldDeliver(string connectionId, ProgressEvent progressEvent)
    {
        var stripe = StripeOf(progressEvent.JobId);
        lock (stripe.Gate)
        {
            if (!stripe.Pending.TryGetValue(progressEvent.JobId, out var resumes))
            {
                return true;
            }

            foreach (var resume in resumes)
            {
                if (resume.ConnectionId != connectionId)
                {
                    continue;
                }

                if (resume.State == ResumeState.Holding)
                {
                    resume.Held.Add(progressEvent);
                    resume.HeldTerminal |= progressEvent.IsTerminal;
                    return false;
                }

                if (resume.IsAfterThrough(progressEvent))
                {
                    CloseLocked(stripe, resume);
                    return true;
                }

                if (progressEvent.IsTerminal)
                {
                    CloseLocked(stripe, resume);
                }

                return false;
            }

            return true;
        }
    }

    private void CountResume(string connectionId, int change)
    {
        if (_resumesByConnection.AddOrUpdate(connectionId, change, (_, count) => count + change) == 0)
        {
            _resumesByConnection.TryRemove(new KeyValuePair<string, int>(connectionId, 0));
        }
    }
}
