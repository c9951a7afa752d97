namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>Where a connection's resume of a job is (see <see cref="ResumeGate"/>).</summary>
internal enum ResumeState
{
    /// <summary>The replay is being read and sent: live events are held for the connection.</summary>
    Holding,

    /// <summary>
    /// The replay and the held events were sent: live events the connection already has (the transport's lane may be
    /// behind the store) are kept from it, and the first newer one reaches it through the groups and ends the resume.
    /// </summary>
    Filtering,

    /// <summary>The resume ended: the connection gets the job's events through the groups like any subscriber.</summary>
    Closed,
}
