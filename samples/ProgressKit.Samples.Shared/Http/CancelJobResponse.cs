namespace ProgressKit.Samples.Shared.Http;

/// <summary>The 202 answer of <c>POST /jobs/{job_id}/cancel</c>: <c>{"job_id": "...", "status": "cancelled"}</c>.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Status">The job's status after the request.</param>
internal sealed record CancelJobResponse(string JobId, string Status);
