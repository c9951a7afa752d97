namespace ProgressKit.Transports;

/// <summary>How the dispatcher treats a failed send.</summary>
public enum TransportFailureKind
{
    /// <summary>May succeed if tried again (throttling, 5xx, timeouts, a dropped connection): retried with backoff.</summary>
    Transient,

    /// <summary>Will fail again for this event (for example the payload is too large): not retried, dead-lettered.</summary>
    Permanent,

    /// <summary>
    /// Will fail for every event until an operator fixes the configuration (for example 403 Forbidden): not retried;
    /// logged loudly once and the transport's circuit opens, while events wait in the bounded buffer.
    /// </summary>
    Configuration,
}
