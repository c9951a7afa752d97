using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>One connection resuming one job: the live events held back while its replay is sent, then the position it was sent through.</summary>
/// <remarks>Every member is used only under the lock of the <see cref="ResumeGate"/> stripe that holds the job.</remarks>
internal sealed class PendingResume(string jobId, string connectionId)
{
    public string JobId { get; } = jobId;

    public string ConnectionId { get; } = connectionId;

    public ResumeState State { get; set; } = ResumeState.Holding;

    /// <summary>Gets the live events that reached the gate while <see cref="State"/> was <see cref="ResumeState.Holding"/>.</summary>
    public List<ProgressEvent> Held { get; } = [];

    /// <summary>Gets or sets a value indicating whether the job's terminal event was held: the lane has sent it, so no later event will end the resume.</summary>
    public bool HeldTerminal { get; set; }

    /// <summary>Gets or sets the epoch of the newest event the connection was sent (replayed or released).</summary>
    public string? ThroughEpoch { get; set; }

    /// <summary>Gets or sets the <c>seq</c> of the newest event the connection was sent.</summary>
    public long ThroughSequence { get; set; }

    /// <summary>Whether <paramref name="progressEvent"/> is after what the connection was sent.</summary>
    public bool IsAfterThrough(ProgressEvent progressEvent)
    {
        if (ThroughEpoch is null)
        {
            return true;
        }

        var order = string.CompareOrdinal(progressEvent.Epoch ?? string.Empty, ThroughEpoch);
        return order > 0 || (order == 0 && progressEvent.Sequence > ThroughSequence);
    }
}
