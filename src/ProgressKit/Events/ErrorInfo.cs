namespace ProgressKit.Events;

/// <summary>The <c>error</c> object of a <c>job_failed</c> event.</summary>
public sealed class ErrorInfo
{
    /// <summary>Initializes a new instance; set its required members with an object initializer.</summary>
    public ErrorInfo()
    {
    }

    /// <summary>Gets a stable, machine-readable code such as <c>abandoned</c> or <c>timeout</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Gets a human-readable description, safe to show to the job's user.</summary>
    public required string Message { get; init; }
}
