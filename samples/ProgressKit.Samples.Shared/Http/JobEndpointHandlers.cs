using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Jobs;
using ProgressKit.Samples.Shared.Jobs;
using ProgressKit.Serialization;
using ProgressKit.State;

namespace ProgressKit.Samples.Shared.Http;

/// <summary>The request delegates of <c>/jobs</c>; plain <see cref="RequestDelegate"/>s, so no reflection-based binding is involved.</summary>
internal static class JobEndpointHandlers
{
    public const string JobIdRouteValue = "job_id";

    public static async Task StartAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        NoStore(context);
        var read = await StartJobRequestReader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (read.Settings is null)
        {
            await WriteErrorAsync(context, read.StatusCode, read.Error!).ConfigureAwait(false);
            return;
        }

        var runner = context.RequestServices.GetRequiredService<SampleJobRunner>();
        if (!runner.TryStart(read.Settings, SampleUsers.GetUserId(context.User), out var jobId, correlationId: context.TraceIdentifier))
        {
            await (runner.IsStopping
                ? WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, new ApiError(ApiErrorCodes.ShuttingDown, "The app is shutting down; no new jobs start."))
                : WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, new ApiError(ApiErrorCodes.TooManyJobs, $"{runner.RunningCount} jobs are running, the most this app runs at once; try again when some have ended."))).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path.Value?.TrimEnd('/')}/{jobId}";
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, new StartJobResponse(jobId), SampleHttpJsonContext.Default.StartJobResponse).ConfigureAwait(false);
    }

    public static async Task GetAsync(HttpContext context)
    {
        NoStore(context);
        if (!TryGetJobId(context, out var jobId))
        {
            await WriteInvalidJobIdAsync(context).ConfigureAwait(false);
            return;
        }

        var snapshot = await FindVisibleAsync(context, jobId).ConfigureAwait(false);
        if (snapshot is null)
        {
            await WriteNotFoundAsync(context, jobId).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(ProgressEventSerializer.SerializeToUtf8Bytes(snapshot), context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task CancelAsync(HttpContext context)
    {
        NoStore(context);
        if (!TryGetJobId(context, out var jobId))
        {
            await WriteInvalidJobIdAsync(context).ConfigureAwait(false);
            return;
        }

        // Only the job's own user may cancel it: the snapshot says whose it is.
        if (await FindVisibleAsync(context, jobId).ConfigureAwait(false) is null)
        {
            await WriteNotFoundAsync(context, jobId).ConfigureAwait(false);
            return;
        }

        if (!context.RequestServices.GetRequiredService<IJobCancellation>().TryRequestCancellation(jobId))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound,
                new ApiError(ApiErrorCodes.JobNotRunning, $"Job '{jobId}' is not running here: it has already ended.")).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status202Accepted, new CancelJobResponse(jobId, "cancelled"), SampleHttpJsonContext.Default.CancelJobResponse).ConfigureAwait(false);
    }

    private static async Task<ProgressEvent?> FindVisibleAsync(HttpContext context, string jobId)
    {
        var snapshot = await context.RequestServices.GetRequiredService<IJobStateStore>().GetAsync(jobId, context.RequestAborted).ConfigureAwait(false);
        return snapshot is not null && (snapshot.UserId is null || snapshot.UserId == SampleUsers.GetUserId(context.User)) ? snapshot : null;
    }

    private static bool TryGetJobId(HttpContext context, [NotNullWhen(true)] out string? jobId)
    {
        jobId = context.Request.RouteValues[JobIdRouteValue] as string;
        return JobId.IsValid(jobId);
    }

    private static Task WriteInvalidJobIdAsync(HttpContext context) =>
        WriteErrorAsync(context, StatusCodes.Status400BadRequest,
            new ApiError(ApiErrorCodes.InvalidJobId, JobId.Describe(context.Request.RouteValues[JobIdRouteValue] as string)));

    // Someone else's job answers exactly like an unknown one, so ids cannot be probed.
    private static Task WriteNotFoundAsync(HttpContext context, string jobId) =>
        WriteErrorAsync(context, StatusCodes.Status404NotFound,
            new ApiError(ApiErrorCodes.JobNotFound, $"No job '{jobId}' is known here (its snapshot may have expired)."));

    private static Task WriteErrorAsync(HttpContext context, int statusCode, ApiError error) =>
        WriteJsonAsync(context, statusCode, error, SampleHttpJsonContext.Default.ApiError);

    private static Task WriteJsonAsync<T>(HttpContext context, int statusCode, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(value, typeInfo, contentType: null, context.RequestAborted);
    }

    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";
}
