namespace ProgressKit.Diagnostics;

/// <summary>The <c>reason</c> tag values of the <c>progresskit.events.dropped</c> counter.</summary>
public static class DropReasons
{
    /// <summary>A transport lane's buffer was full.</summary>
    public const string BufferFull = "buffer_full";

    /// <summary>No transport is configured: the publisher is a no-op.</summary>
    public const string NoTransport = "no_transport";

    /// <summary>The job had already ended; events after a terminal event are ignored.</summary>
    public const string AfterTerminal = "after_terminal";

    /// <summary>The publisher was shutting down or disposed.</summary>
    public const string ShuttingDown = "shutting_down";

    /// <summary>Host shutdown's drain deadline passed before the event was delivered.</summary>
    public const string DrainTimeout = "drain_timeout";
}
