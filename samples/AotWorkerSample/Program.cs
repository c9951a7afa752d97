// A Lambda-style worker: one invocation starts jobs, publishes every kind of event through the AppSync Events API
// transport and flushes before it returns, as a function must before its environment is frozen. Published as a
// Native AOT binary (dotnet publish -c Release), it starts in milliseconds: what Lambda users need for cold starts.
//
//   PROGRESSKIT_EVENTS_URL   the Events API publish URL (https://{id}.appsync-api.{region}.amazonaws.com/event)
//   PROGRESSKIT_API_KEY      the API key
//   PROGRESSKIT_JOB_PREFIX   optional prefix of the job ids (default "aot")
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit;
using ProgressKit.Events;
using ProgressKit.Transports.AppSync;

var url = Environment.GetEnvironmentVariable("PROGRESSKIT_EVENTS_URL");
var apiKey = Environment.GetEnvironmentVariable("PROGRESSKIT_API_KEY");
if (string.IsNullOrEmpty(url) || string.IsNullOrEmpty(apiKey))
{
    Console.Error.WriteLine("Set PROGRESSKIT_EVENTS_URL and PROGRESSKIT_API_KEY.");
    return 2;
}

var prefix = Environment.GetEnvironmentVariable("PROGRESSKIT_JOB_PREFIX") ?? "aot";
var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
services.AddProgressKit(o => o.Source = "aot-worker")
    .AddAppSyncTransport(o =>
    {
        o.Api = AppSyncApi.Events;
        o.HttpEndpoint = new Uri(url);
        o.ApiKey = apiKey;
    });
await using var provider = services.BuildServiceProvider();
var publisher = provider.GetRequiredService<IProgressPublisher>();

// Job 1: accepted, started, two stages with progress, agents, a streamed answer, completed with results.
using (var results = JsonDocument.Parse("""{"answer":"42","sources":["a","b"]}"""))
{
    await using var job = publisher.AcceptJob($"{prefix}-complete", userId: "user-1", stages: [("research", 2), ("answer", 1)]);
    job.Start("Working on it.");
    job.StartStage("research");
    job.ReportAgentStatus("search_agent", AgentStatus.CallingTool, tool: "web_search");
    job.ReportStageProgress(0.5);
    job.ReportAgentStatus("search_agent", AgentStatus.Complete, confidence: 0.9);
    job.CompleteStage();
    job.StartStage("answer");
    job.Chunk("The answer ");
    job.Chunk("is 42.");
    job.ReportProgress(95);
    job.Complete(results.RootElement);
}

// Job 2 fails, job 3 is cancelled: the other terminal events.
await using (var failing = publisher.StartJob($"{prefix}-failed", userId: "user-1"))
{
    failing.Fail("model_timeout", "The model did not answer in time.");
}

await using (var cancelled = publisher.StartJob($"{prefix}-cancelled", userId: "user-1"))
{
    cancelled.Cancel("Stopped by the user.");
}

// Published by id, as a second function continuing a job would.
publisher.PublishStage($"{prefix}-by-id", "ingest", progress: 10);
publisher.PublishProgress($"{prefix}-by-id", 50);

// A progress update that a newer event supersedes while the transport is behind is coalesced (never sent). Flushing
// before a long step makes sure the page shows where the job is while the step runs.
await publisher.FlushAsync(TimeSpan.FromSeconds(20));
publisher.PublishAgentStatus($"{prefix}-by-id", "ocr_agent", AgentStatus.Invoking);
publisher.PublishChunk($"{prefix}-by-id", "page 1");
publisher.PublishCompleted($"{prefix}-by-id");

var flushed = await publisher.FlushAsync(TimeSpan.FromSeconds(20));
Console.WriteLine(flushed ? "flushed: every event was delivered" : "flush timed out: some events were not delivered");
return flushed ? 0 : 1;
