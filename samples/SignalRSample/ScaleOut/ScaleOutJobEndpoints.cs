using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Samples.Shared.Http;
using ProgressKit.Samples.Shared.Pipeline;
using ProgressKit.Serialization;
using ProgressKit.State;
using ProgressKit.Transports.SignalR;
using StackExchange.Redis;

namespace ProgressKit.Samples.SignalR.ScaleOut;

/// <summary>
/// The <c>/jobs</c> API of a web node in the scale-out demo: <c>POST /jobs</c> hands the job to the worker and answers
/// once the job's first snapshot is in Redis (so the page's <c>Subscribe</c> on any node finds it); <c>GET</c> and
/// <c>cancel</c> work for jobs running anywhere.
/// </summary>
internal static class ScaleOutJobEndpoints
{
    private static readonly TimeSpan AcceptTimeout = TimeSpan.FromSeconds(10);

    public static void MapScaleOutJobEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/jobs", StartAsync);
        endpoints.MapGet("/jobs/{job_id}", GetAsync);
        endpoints.MapPost("/jobs/{job_id}/cancel", CancelAsync);
    }

    private static async Task StartAsync(HttpContext context)
    {
        SimulatedJobSettings settings;
        try
        {
            settings = await ReadSettingsAsync(context.Request);
        }
        catch (JsonException)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, """{"error":"invalid_request","message":"The body must be empty or a JSON object such as {\"duration_seconds\": 5}."}""");
            return;
        }

        var redis = context.RequestServices.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var requestId = Guid.NewGuid().ToString("N");
        await redis.ListRightPushAsync(SampleJobQueue.RequestList, SampleJobQueue.Format(requestId, settings, SampleUsers.GetUserId(context.User)));

        var store = context.RequestServices.GetRequiredService<IJobStateStore>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(AcceptTimeout);
        try
        {
            string? jobId = null;
            while (jobId is null || await store.GetAsync(jobId, timeout.Token) is null)
            {
                await Task.Delay(50, timeout.Token);
                jobId ??= await redis.StringGetAsync(SampleJobQueue.ReplyKey(requestId));
            }

            await WriteAsync(context, StatusCodes.Status202Accepted, $$"""{"job_id":{{JsonSerializer.Serialize(jobId, ProgressEventSerializer.Options)}}}""");
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, """{"error":"worker_unavailable","message":"No worker took the job within 10 s; is the worker running?"}""");
        }
    }

    private static async Task GetAsync(HttpContext context)
    {
        var jobId = (string)context.Request.RouteValues["job_id"]!;
        var snapshot = JobId.IsValid(jobId) ? await context.RequestServices.GetRequiredService<IJobStateStore>().GetAsync(jobId, context.RequestAborted) : null;
        await (snapshot is null
            ? WriteAsync(context, StatusCodes.Status404NotFound, """{"error":"job_not_found"}""")
            : WriteAsync(context, StatusCodes.Status200OK, ProgressEventSerializer.Serialize(snapshot)));
    }

    private static async Task CancelAsync(HttpContext context)
    {
        var jobId = (string)context.Request.RouteValues["job_id"]!;
        var router = context.RequestServices.GetRequiredService<IProgressCancellationRouter>();
        var requested = JobId.IsValid(jobId) && await router.RequestCancellationAsync(jobId, context.RequestAborted);
        await (requested
            ? WriteAsync(context, StatusCodes.Status202Accepted, $$"""{"job_id":{{JsonSerializer.Serialize(jobId, ProgressEventSerializer.Options)}},"status":"cancelled"}""")
            : WriteAsync(context, StatusCodes.Status404NotFound, """{"error":"job_not_found"}"""));
    }

    private static async Task<SimulatedJobSettings> ReadSettingsAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(body))
        {
            return SimulatedJobSettings.Default;
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new SimulatedJobSettings
        {
            Fail = root.TryGetProperty("fail", out var fail) && fail.ValueKind == JsonValueKind.True,
            Duration = root.TryGetProperty("duration_seconds", out var seconds) && seconds.TryGetDouble(out var value) && value is >= 1 and <= 3600
                ? TimeSpan.FromSeconds(value)
                : SimulatedJobSettings.DefaultDuration,
        };
    }

    private static Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
