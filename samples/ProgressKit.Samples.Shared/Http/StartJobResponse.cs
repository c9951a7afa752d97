namespace ProgressKit.Samples.Shared.Http;

/// <summary>The 202 answer of <c>POST /jobs</c>: <c>{"job_id": "..."}</c>.</summary>
/// <param name="JobId">The new job's id.</param>
internal sealed record StartJobResponse(string JobId);
