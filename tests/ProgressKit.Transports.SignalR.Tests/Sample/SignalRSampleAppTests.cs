using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ProgressKit.Events;
using ProgressKit.Samples.SignalR;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Sample;

/// <summary>The sample app as shipped, on a free loopback port, driven over HTTP and the SignalR .NET client.</summary>
public class SignalRSampleAppTests
{
    [Fact]
    public async Task Sample_ServesThePageConfigAndSignalRClient()
    {
        await using var app = await StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var page = await http.GetStringAsync("/");
        var config = await http.GetFromJsonAsync<JsonElement>("/config.json");
        var script = await http.GetAsync("/lib/signalr/signalr.min.js");

        page.Should().Contain("job-card-template");
        config.GetRawText().Should().Be("""{"transport":"signalr","hubUrl":"/hubs/progress"}""");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        (await script.Content.ReadAsStringAsync()).Should().Contain("HubConnectionBuilder");
    }

    [Fact]
    public async Task Sample_JobStartedOverHttp_StreamsToAnAnonymousHubClientUntilComplete()
    {
        await using var app = await StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        await using var browser = await TestHubClient.ConnectAsync(new Uri(new Uri(app.Urls.Single()), ProgressHub.DefaultPattern), null, null, null, null);

        var jobId = await StartJobAsync(http, """{"duration_seconds": 2}""");
        var snapshot = await browser.SubscribeAsync(jobId);
        var received = await browser.WaitForTerminalAsync(jobId);

        snapshot.Should().NotBeNull();
        received[^1].Type.Should().Be(ProgressEventType.JobComplete);
        received[^1].Progress.Should().Be(100);
        received.Should().Contain(e => e.Agent != null && e.Agent.Name == "geo_agent" && e.Agent.Status == AgentStatus.Complete);
        received.Should().Contain(e => e.Chunk != null);
        received.Should().Contain(e => e.EstimatedSecondsRemaining > 0, "the page shows an ETA");
    }

    [Fact]
    public async Task Sample_CancelThroughTheHub_EndsTheJobCancelled()
    {
        await using var app = await StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        await using var browser = await TestHubClient.ConnectAsync(new Uri(new Uri(app.Urls.Single()), ProgressHub.DefaultPattern), null, null, null, null);
        var jobId = await StartJobAsync(http, """{"duration_seconds": 60}""");
        await browser.SubscribeAsync(jobId);

        await browser.CancelJobAsync(jobId);

        (await browser.WaitForTerminalAsync(jobId))[^1].Type.Should().Be(ProgressEventType.JobCancelled);
    }

    [Fact]
    public async Task Sample_FailingJob_EndsWithAnErrorCode()
    {
        await using var app = await StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        await using var browser = await TestHubClient.ConnectAsync(new Uri(new Uri(app.Urls.Single()), ProgressHub.DefaultPattern), null, null, null, null);

        var jobId = await StartJobAsync(http, """{"fail": true, "duration_seconds": 2}""");
        await browser.SubscribeAsync(jobId);

        var terminal = (await browser.WaitForTerminalAsync(jobId))[^1];
        terminal.Type.Should().Be(ProgressEventType.JobFailed);
        terminal.Error!.Code.Should().NotBeNullOrEmpty();
    }

    private static async Task<WebApplication> StartAsync()
    {
        var app = SignalRSampleApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        return app;
    }

    private static async Task<string> StartJobAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("/jobs", new StringContent(body));
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!;
    }
}
