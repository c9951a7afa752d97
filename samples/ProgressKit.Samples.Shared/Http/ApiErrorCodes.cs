namespace ProgressKit.Samples.Shared.Http;

/// <summary>The <c>error</c> codes the job endpoints answer with.</summary>
public static class ApiErrorCodes
{
    /// <summary>400: the body of <c>POST /jobs</c> is not valid JSON or has an invalid field.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>400: the job id in the URL breaks the job id rule.</summary>
    public const string InvalidJobId = "invalid_job_id";

    /// <summary>404: no job with this id is known to the caller.</summary>
    public const string JobNotFound = "job_not_found";

    /// <summary>404: the job is not running in this process (unknown, or already ended).</summary>
    public const string JobNotRunning = "job_not_running";

    /// <summary>413: the body of <c>POST /jobs</c> is larger than <see cref="SampleJobEndpoints.MaxRequestBodyBytes"/>.</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>429: too many jobs run already.</summary>
    public const string TooManyJobs = "too_many_jobs";

    /// <summary>503: the app is shutting down.</summary>
    public const string ShuttingDown = "shutting_down";
}
