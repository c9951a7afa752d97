namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>The <c>action</c> values clients send (see <c>docs/api-gateway/README.md</c>).</summary>
public static class ClientActions
{
    /// <summary>Subscribe to one job; answered with <c>{"type":"subscribed","job_id":...,"snapshot":...}</c>.</summary>
    public const string Subscribe = "subscribe";

    /// <summary>Stop receiving one job's events; no answer.</summary>
    public const string Unsubscribe = "unsubscribe";

    /// <summary>Receive every job of the connection's user; no answer.</summary>
    public const string SubscribeMyJobs = "subscribe_my_jobs";

    /// <summary>Ask for a job's newest event; answered with <c>{"type":"status","job_id":...,"snapshot":...}</c>.</summary>
    public const string RequestStatus = "request_status";

    /// <summary>Ask a job to cancel; no answer (the job publishes <c>job_cancelled</c>).</summary>
    public const string CancelJob = "cancel_job";
}
