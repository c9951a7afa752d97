using ProgressKit.Events;

namespace ProgressKit.Jobs;

/// <summary>
/// The narrow view a job handle has of its publisher: the one publish operation, its release from the registry, and
/// the services it runs with. The handle never touches the publisher's own state.
/// </summary>
internal interface IJobHost
{
    /// <summary>Gets the services job handles run with.</summary>
    JobHandleServices Services { get; }

    /// <summary>
    /// The one publish operation every <c>Publish*</c> method and every handle method goes through: locks the job,
    /// refuses after its terminal event (counted as dropped, <c>after_terminal</c>), applies <paramref name="change"/>,
    /// builds the event from the job's whole state, records it, and enqueues it on every transport, all under the
    /// job's lock, which is what keeps a job's events in sequence order on every lane.
    /// </summary>
    /// <returns><see langword="true"/> when an event was published.</returns>
    bool Publish<TState>(JobTracker job, ProgressEventType type, JobStatus status, TState state, JobChange<TState> change);

    /// <summary>The job ended or its handle was disposed or dropped: it leaves the registry and no longer pins its tracker.</summary>
    void Release(JobLifetime job);
}
