namespace ProgressKit.Events.Control;

/// <summary>The stable <c>code</c> values of <see cref="ErrorReply"/> (wire format v1).</summary>
public static class ControlErrorCodes
{
    /// <summary>The message was not valid JSON or lacked a required field.</summary>
    public const string MalformedMessage = "malformed_message";

    /// <summary>The message was larger than the transport accepts.</summary>
    public const string MessageTooLarge = "message_too_large";

    /// <summary>The message named an action the server does not know.</summary>
    public const string UnknownAction = "unknown_action";

    /// <summary>The job id broke the job id rule (see <see cref="JobId"/>).</summary>
    public const string InvalidJobId = "invalid_job_id";

    /// <summary>A resume's cursor was malformed: <c>after_seq</c> negative, not an integer or beyond 2^53, or <c>epoch</c> not 16 lowercase hex digits.</summary>
    public const string InvalidCursor = "invalid_cursor";

    /// <summary>No job with that id is known.</summary>
    public const string JobNotFound = "job_not_found";

    /// <summary>The caller may not touch that job.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The caller has no identity and anonymous access is off.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>The server failed; the request may be retried.</summary>
    public const string InternalError = "internal_error";
}
