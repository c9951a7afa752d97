using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ProgressKit.Samples.Shared.Http;

namespace ProgressKit.Samples.Shared;

/// <summary>Maps the sample's job API: <c>POST /jobs</c>, <c>GET /jobs/{job_id}</c>, <c>POST /jobs/{job_id}/cancel</c>.</summary>
public static class SampleJobEndpoints
{
    /// <summary>The shortest <c>duration_seconds</c> <c>POST /jobs</c> accepts.</summary>
    public const double MinDurationSeconds = 1;

    /// <summary>The longest <c>duration_seconds</c> <c>POST /jobs</c> accepts (the dashboard's duration field allows the same).</summary>
    public const double MaxDurationSeconds = 3600;

    /// <summary>The largest body <c>POST /jobs</c> reads: 16 KiB.</summary>
    public const int MaxRequestBodyBytes = 16 * 1024;

    /// <summary>
    /// Maps the job endpoints under <c>/jobs</c>. Needs <see cref="SampleJobsServiceCollectionExtensions.AddSampleJobs"/>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <returns>The <c>/jobs</c> group, to add conventions (for example authorization) to.</returns>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>POST /jobs</c>, optional JSON body <c>{"fail": true, "duration_seconds": 5}</c>: starts a simulated
    /// pipeline job for the caller (<see cref="SampleUsers.GetUserId"/>) and answers 202 <c>{"job_id": "..."}</c> with a
    /// Location header. A malformed body answers 400 <c>{"error": "invalid_request", "message": "..."}</c>; too many
    /// running jobs 429; shutdown 503.</item>
    /// <item><c>GET /jobs/{job_id}</c>: the job's newest event (its snapshot) in wire format v1, or 404.</item>
    /// <item><c>POST /jobs/{job_id}/cancel</c>: asks the running job to cancel through <see cref="ProgressKit.Jobs.IJobCancellation"/>
    /// (the job publishes <c>job_cancelled</c>); 202 <c>{"job_id": "...", "status": "cancelled"}</c>, or 404.</item>
    /// </list>
    /// A signed-in caller's job is its own: nobody else sees or cancels it. An anonymous caller's job has no user, like
    /// the jobs the transports open to anonymous clients, and is open to every caller.
    /// Errors are JSON (<see cref="ApiErrorCodes"/>), and every answer is <c>Cache-Control: no-store</c>.
    /// </remarks>
    public static RouteGroupBuilder MapSampleJobEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var jobs = endpoints.MapGroup("/jobs");
        jobs.MapPost("/", JobEndpointHandlers.StartAsync).WithName("StartSampleJob");
        jobs.MapGet($"/{{{JobEndpointHandlers.JobIdRouteValue}}}", JobEndpointHandlers.GetAsync).WithName("GetSampleJob");
        jobs.MapPost($"/{{{JobEndpointHandlers.JobIdRouteValue}}}/cancel", JobEndpointHandlers.CancelAsync).WithName("CancelSampleJob");
        return jobs;
    }
}
