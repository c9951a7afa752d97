namespace ProgressKit.Events.Control;

/// <summary>The <c>type</c> values of the control replies that transports send to clients (wire format v1).</summary>
public static class ControlReplyTypes
{
    /// <summary>The reply to a subscribe request: carries the job's newest snapshot.</summary>
    public const string Subscribed = "subscribed";

    /// <summary>The reply to a status request: carries the job's newest snapshot.</summary>
    public const string Status = "status";

    /// <summary>The reply to a resume: the outcome, the position, and the snapshot with the streams' text when the client replaces its state.</summary>
    public const string Resumed = "resumed";

    /// <summary>A refused or malformed request.</summary>
    public const string Error = "error";
}
