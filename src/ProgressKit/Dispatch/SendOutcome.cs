namespace ProgressKit.Dispatch;

/// <summary>What became of one send through the resilience pipeline.</summary>
internal enum SendOutcome
{
    /// <summary>The transport acknowledged the event.</summary>
    Delivered,

    /// <summary>The event failed for good (retries exhausted or permanent) and was dead-lettered.</summary>
    Failed,

    /// <summary>The circuit is open: the event goes back to the head of its job and the lane pauses.</summary>
    CircuitOpen,

    /// <summary>The transport reported a configuration problem: the circuit is isolated and the event goes back like <see cref="CircuitOpen"/>.</summary>
    ConfigurationFault,

    /// <summary>The lane is stopping; the event was abandoned.</summary>
    Stopped,
}
