using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// Joins replay and live on one node: while a connection resumes a job, the job's live events are held for it instead
/// of reaching it through the groups; after its replay they are released if newer than what it was sent, and live
/// events it already has are kept from it until the transport's sends pass its position. It sees no gap, no duplicate
/// and no out-of-order event at the seam.
/// </summary>
/// <remarks>
/// <para>State ownership: each stripe's lock guards its map of pending resumes and every <see cref="PendingResume"/> in
/// it. <see cref="StartSend"/> decides whom to hold or filter an event for and starts the group send under the same
/// lock that <see cref="Open"/> and <see cref="ReleaseAsync"/> take, so a send is either started before a connection
/// began to resume (it cannot reach the connection, which joins the group later, and the event is in the store the
/// replay reads) or it sees the connection's resume; and a connection gets live events through the groups again only
/// from the first event after what it was sent, written after those sends (see <see cref="ReleaseAsync"/>).</para>
/// <para>Stripes keep unrelated jobs' sends from contending on one lock; a send costs one uncontended lock and one
/// dictionary lookup. A resume ends with the first newer event, the job's terminal event (sent through the gate while
/// it filters, or held and released), or the connection.</para>
/// <para>Assumption: SignalR writes one connection's messages in the order their sends were started (each connection's
/// writes go through its own write lock, a semaphore tried at once and otherwise awaited first in, first out). Starting a send under the
/// stripe's lock therefore fixes its place on the wire relative to the replay's sends, which is what makes "released
/// after the replay" mean "arrives after the replay". A custom <c>HubLifetimeManager</c> that queued sends out of call
/// order would break the seam; the library's own (<see cref="ResumeFilteringLifetimeManager"/> over the default
/// or the Redis one) keep it.</para>
/// </remarks>
internal sealed partial class ResumeGate
{
    private const int StripeCount = 64;

    private readonly Stripe[] _stripes = CreateStripes();

    /// <summary>Starts <paramref name="send"/> with the connections that must not get the event through the groups (null when none).</summary>
    public Task StartSend(ProgressEvent progressEvent, Func<IReadOnlyList<string>?, Task> send)
    {
        var stripe = StripeOf(progressEvent.JobId);
        lock (stripe.Gate)
        {
            List<string>? excluded = null;
            if (stripe.Pending.TryGetValue(progressEvent.JobId, out var resumes))
            {
                for (var i = resumes.Count - 1; i >= 0; i--)
                {
                    var resume = resumes[i];
                    if (resume.State == ResumeState.Holding)
                    {
                        resume.Held.Add(progressEvent);
                        resume.HeldTerminal |= progressEvent.IsTerminal;
                        (excluded ??= []).Add(resume.ConnectionId);
                    }
                    else if (resume.IsAfterThrough(progressEvent))
                    {
                        // The first event after what the connection was sent: it goes through the groups from now on.
                        CloseLocked(stripe, resume);
                    }
                    else
                    {
                        (excluded ??= []).Add(resume.ConnectionId);
                        if (progressEvent.IsTerminal)
                        {
                            CloseLocked(stripe, resume);
                        }
                    }
                }
            }

            return send(excluded);
        }
    }

    /// <summary>Starts holding <paramref name="jobId"/>'s live events for <paramref name="connectionId"/>; call before it joins the job's group.</summary>
    public PendingResume Open(string jobId, string connectionId)
    {
        var resume = new PendingResume(jobId, connectionId);
        var stripe = StripeOf(jobId);
        lock (stripe.Gate)
        {
            if (!stripe.Pending.TryGetValue(jobId, out var resumes))
            {
                resumes = [];
                stripe.Pending.Add(jobId, resumes);
            }

            // A connection that resumes the same job again replaces its earlier resume.
            for (var i = resumes.Count - 1; i >= 0; i--)
            {
                if (resumes[i].ConnectionId == connectionId)
                {
                    resumes[i].State = ResumeState.Closed;
                    resumes.RemoveAt(i);
                    CountResume(connectionId, -1);
                }
            }

            resumes.Add(resume);
            CountResume(connectionId, 1);
        }

        return resume;
    }

    /// <summary>
    /// Ends the hold of <paramref name="resume"/>: starts <paramref name="send"/> for each held event newer than the
    /// given position (the newest event the connection was sent by the replay), in order, and in the same step moves
    /// the resume to filtering through the newest event sent; closes it when nothing was sent or when the job's
    /// terminal event was held. Returns the number of events released once their sends completed.
    /// </summary>
    /// <remarks>
    /// Only what is held at the call is released, so the release is bounded however fast the job publishes (a loop
    /// that released until nothing was held never ended while the job published faster than the sends went). The
    /// sends are started under the stripe lock, before the resume filters, and SignalR writes a connection's messages
    /// in the order their writes started; so a later live event, which passes the gate only after the resume filters,
    /// is written after every released one, and an event the connection already has is kept from it.
    /// </remarks>
    public async Task<int> ReleaseAsync(PendingResume resume, string? throughEpoch, long throughSequence, Func<ProgressEvent, Task> send)
    {
        List<Task>? sends = null;
        var stripe = StripeOf(resume.JobId);
        lock (stripe.Gate)
        {
            if (resume.State != ResumeState.Holding)
            {
                return 0;
            }

            resume.ThroughEpoch = throughEpoch;
            resume.ThroughSequence = throughSequence;
            foreach (var held in resume.Held)
            {
                if (resume.IsAfterThrough(held))
                {
                    (sends ??= []).Add(send(held));
                    resume.ThroughEpoch = held.Epoch ?? string.Empty;
                    resume.ThroughSequence = held.Sequence;
                }
            }

            resume.Held.Clear();
            resume.State = ResumeState.Filtering;

            // Nothing to filter when nothing was sent, or when the lane already sent the job's terminal event (it was
            // held): no event after it would come to end the resume, which would stay open for good.
            if (resume.ThroughEpoch is null || resume.HeldTerminal)
            {
                CloseLocked(stripe, resume);
            }
        }

        if (sends is null)
        {
            return 0;
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        return sends.Count;
    }

    /// <summary>Ends <paramref name="resume"/> whatever its state (the resume failed, or the connection closed); idempotent.</summary>
    public void Close(PendingResume resume)
    {
        var stripe = StripeOf(resume.JobId);
        lock (stripe.Gate)
        {
            CloseLocked(stripe, resume);
        }
    }

    /// <summary>Ends <paramref name="resume"/> if it failed before its replay was sent; a resume that filters stays.</summary>
    public void CloseIfHolding(PendingResume resume)
    {
        var stripe = StripeOf(resume.JobId);
        lock (stripe.Gate)
        {
            if (resume.State == ResumeState.Holding)
            {
                CloseLocked(stripe, resume);
            }
        }
    }

    /// <summary>Whether <paramref name="resume"/> has ended.</summary>
    public bool IsClosed(PendingResume resume)
    {
        var stripe = StripeOf(resume.JobId);
        lock (stripe.Gate)
        {
            return resume.State == ResumeState.Closed;
        }
    }

    /// <summary>Gets how many resumes are not closed; for tests.</summary>
    internal int OpenCount
    {
        get
        {
            var count = 0;
            foreach (var stripe in _stripes)
            {
                lock (stripe.Gate)
                {
                    foreach (var (_, resumes) in stripe.Pending)
                    {
                        count += resumes.Count;
                    }
                }
            }

            return count;
        }
    }

    private void CloseLocked(Stripe stripe, PendingResume resume)
    {
        if (resume.State == ResumeState.Closed)
        {
            return;
        }

        resume.State = ResumeState.Closed;
        resume.Held.Clear();
        if (stripe.Pending.TryGetValue(resume.JobId, out var resumes) && resumes.Remove(resume))
        {
            CountResume(resume.ConnectionId, -1);
            if (resumes.Count == 0)
            {
                stripe.Pending.Remove(resume.JobId);
            }
        }
    }

    private Stripe StripeOf(string jobId) => _stripes[(uint)StringComparer.Ordinal.GetHashCode(jobId) % StripeCount];

    private static Stripe[] CreateStripes()
    {
        var stripes = new Stripe[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new Stripe();
        }

        return stripes;
    }

    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        // Guarded by Gate.
        public Dictionary<string, List<PendingResume>> Pending { get; } = new(StringComparer.Ordinal);
    }
}
