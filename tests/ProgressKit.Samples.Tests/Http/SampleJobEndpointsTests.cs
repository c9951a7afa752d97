using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Samples.Shared;
using ProgressKit.Samples.Shared.Http;
using ProgressKit.Samples.Shared.Pipeline;
using ProgressKit.Samples.Tests.Fakes;
using ProgressKit.Serialization;

namespace ProgressKit.Samples.Tests.Http;

public class SampleJobEndpointsTests
{
    [Fact]
    public async Task Post_NoBody_Answers202WithTheJobIdAndTheSnapshotIsServed()
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.PostAsync("/jobs", content: null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var jobId = await ReadJobIdAsync(response);
        JobId.IsValid(jobId).Should().BeTrue();
        response.Headers.Location!.OriginalString.Should().Be($"/jobs/{jobId}");
        using var snapshot = await server.Client.GetAsync($"/jobs/{jobId}");
        snapshot.StatusCode.Should().Be(HttpStatusCode.OK);
        snapshot.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var evt = ProgressEventSerializer.Deserialize(await snapshot.Content.ReadAsStringAsync());
        evt.JobId.Should().Be(jobId);
        evt.UserId.Should().BeNull("an anonymous caller's job has no user, as the transports' anonymous modes expect");
        evt.Status.Should().BeOneOf(JobStatus.Pending, JobStatus.Processing);
    }

    [Fact]
    public async Task Post_ShortDuration_JobRunsToCompletionAndTheSnapshotSaysCompleted()
    {
        await using var server = await SampleServer.StartAsync();

        var jobId = await StartAsync(server, """{"duration_seconds": 1}""");
        var events = await server.Transport.WaitForEndAsync(jobId);

        events[^1].Type.Should().Be(ProgressEventType.JobComplete);
        events.Should().Contain(e => e.Type == ProgressEventType.Chunk);
        (events[^1].Timestamp - events[0].Timestamp).Should().BeCloseTo(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var snapshot = ProgressEventSerializer.Deserialize(await server.Client.GetStringAsync($"/jobs/{jobId}"));
        snapshot.Status.Should().Be(JobStatus.Completed);
        snapshot.Progress.Should().Be(100);
    }

    [Fact]
    public async Task Post_Fail_JobEndsWithJobFailedAndItsCode()
    {
        await using var server = await SampleServer.StartAsync();

        var jobId = await StartAsync(server, """{"fail": true, "duration_seconds": 1}""");
        var events = await server.Transport.WaitForEndAsync(jobId);

        events[^1].Type.Should().Be(ProgressEventType.JobFailed);
        events[^1].Error!.Code.Should().Be(SimulatedPipelineNames.FailureCode);
    }

    [Fact]
    public async Task Post_JsonSentAsAForm_IsAcceptedAsCurlSendsIt()
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.PostAsync("/jobs",
            new StringContent("""{"duration_seconds": 1}""", Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await server.Transport.WaitForEndAsync(await ReadJobIdAsync(response)))[^1].Type.Should().Be(ProgressEventType.JobComplete);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1]")]
    [InlineData("42")]
    [InlineData("""{"fail": "yes"}""")]
    [InlineData("""{"duration_seconds": "5"}""")]
    [InlineData("""{"duration_seconds": 0}""")]
    [InlineData("""{"duration_seconds": 3601}""")]
    [InlineData("""{"duration": 5}""")]
    public async Task Post_MalformedBody_Answers400WithAClearJsonError(string body)
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.PostAsync("/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetString().Should().Be(ApiErrorCodes.InvalidRequest);
        error.GetProperty("message").GetString().Should().Contain("duration_seconds");
        server.Services.GetRequiredService<Shared.Jobs.SampleJobRunner>().RunningCount.Should().Be(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task Post_EmptyOrDefaultBody_StartsADefaultJob(string body)
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.PostAsync("/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Answers413()
    {
        await using var server = await SampleServer.StartAsync();
        var body = $$"""{"fail": false, "pad": "{{new string('x', SampleJobEndpoints.MaxRequestBodyBytes)}}"}""";

        using var response = await server.Client.PostAsync("/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be(ApiErrorCodes.RequestTooLarge);
    }

    [Fact]
    public async Task Post_MoreJobsThanTheLimit_Answers429()
    {
        await using var server = await SampleServer.StartAsync(services: s => s.Configure<Shared.Jobs.SampleJobOptions>(o => o.MaxRunningJobs = 1));

        (await StartAsync(server, """{"duration_seconds": 60}""")).Should().NotBeEmpty();
        using var second = await server.Client.PostAsync("/jobs", content: null);

        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be(ApiErrorCodes.TooManyJobs);
    }

    [Fact]
    public async Task Get_UnknownJob_Answers404WithAJsonError()
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.GetAsync("/jobs/job-unknown");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be(ApiErrorCodes.JobNotFound);
    }

    [Theory]
    [InlineData("GET", "/jobs/bad%20id")]
    [InlineData("POST", "/jobs/bad%20id/cancel")]
    public async Task InvalidJobId_Answers400NamingTheRule(string method, string path)
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetString().Should().Be(ApiErrorCodes.InvalidJobId);
        error.GetProperty("message").GetString().Should().Contain("letters, digits");
    }

    [Fact]
    public async Task Cancel_RunningJob_Answers202AndTheJobEndsCancelled()
    {
        await using var server = await SampleServer.StartAsync();
        var jobId = await StartAsync(server, """{"duration_seconds": 60}""");

        using var response = await server.Client.PostAsync($"/jobs/{jobId}/cancel", content: null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("cancelled");
        var events = await server.Transport.WaitForEndAsync(jobId);
        events[^1].Type.Should().Be(ProgressEventType.JobCancelled);
        ProgressEventSerializer.Deserialize(await server.Client.GetStringAsync($"/jobs/{jobId}")).Status.Should().Be(JobStatus.Cancelled);
        await WaitUntilAsync(() => server.Services.GetRequiredService<Shared.Jobs.SampleJobRunner>().RunningCount == 0);
    }

    [Fact]
    public async Task Cancel_JobThatEnded_Answers404NotRunning()
    {
        await using var server = await SampleServer.StartAsync();
        var jobId = await StartAsync(server, """{"duration_seconds": 60}""");
        (await server.Client.PostAsync($"/jobs/{jobId}/cancel", content: null)).Dispose();

        using var again = await server.Client.PostAsync($"/jobs/{jobId}/cancel", content: null);

        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be(ApiErrorCodes.JobNotRunning);
    }

    [Fact]
    public async Task Cancel_UnknownJob_Answers404()
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.PostAsync("/jobs/job-unknown/cancel", content: null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SignedInUser_OwnsTheJob_AnotherUserCanNeitherSeeNorCancelIt()
    {
        await using var server = await SampleServer.StartAsync();
        var jobId = await StartAsync(server, """{"duration_seconds": 60}""", user: "alice");

        using var bobGets = await SendAsUserAsync(server, HttpMethod.Get, $"/jobs/{jobId}", "bob");
        using var bobCancels = await SendAsUserAsync(server, HttpMethod.Post, $"/jobs/{jobId}/cancel", "bob");
        using var anonymousGets = await server.Client.GetAsync($"/jobs/{jobId}");
        using var anonymousCancels = await server.Client.PostAsync($"/jobs/{jobId}/cancel", content: null);
        using var aliceGets = await SendAsUserAsync(server, HttpMethod.Get, $"/jobs/{jobId}", "alice");

        bobGets.StatusCode.Should().Be(HttpStatusCode.NotFound);
        bobCancels.StatusCode.Should().Be(HttpStatusCode.NotFound);
        anonymousGets.StatusCode.Should().Be(HttpStatusCode.NotFound);
        anonymousCancels.StatusCode.Should().Be(HttpStatusCode.NotFound);
        aliceGets.StatusCode.Should().Be(HttpStatusCode.OK);
        ProgressEventSerializer.Deserialize(await aliceGets.Content.ReadAsStringAsync()).UserId.Should().Be("alice");
        server.Transport.SentFor(jobId).Should().NotContain(e => e.IsTerminal);
    }

    [Fact]
    public async Task AnonymousJob_HasNoUser_AndIsOpenToEveryCaller()
    {
        await using var server = await SampleServer.StartAsync();
        var jobId = await StartAsync(server, """{"duration_seconds": 60}""");

        using var aliceGets = await SendAsUserAsync(server, HttpMethod.Get, $"/jobs/{jobId}", "alice");
        using var aliceCancels = await SendAsUserAsync(server, HttpMethod.Post, $"/jobs/{jobId}/cancel", "alice");

        aliceGets.StatusCode.Should().Be(HttpStatusCode.OK);
        ProgressEventSerializer.Deserialize(await aliceGets.Content.ReadAsStringAsync()).UserId.Should().BeNull();
        aliceCancels.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task HostStops_RunningJobsEndAbandonedAndNothingStartsAnyMore()
    {
        var server = await SampleServer.StartAsync();
        var jobId = await StartAsync(server, """{"duration_seconds": 600}""");
        var runner = server.Services.GetRequiredService<Shared.Jobs.SampleJobRunner>();

        await server.StopAsync();

        var events = await server.Transport.WaitForEndAsync(jobId);
        events[^1].Type.Should().Be(ProgressEventType.JobFailed);
        events[^1].Error!.Code.Should().Be("abandoned");
        runner.RunningCount.Should().Be(0);
        runner.TryStart(SimulatedJobSettings.Default, "u", out _).Should().BeFalse();
        await server.DisposeAsync();
    }

    private static async Task<string> StartAsync(SampleServer server, string body, string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/jobs") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (user is not null)
        {
            request.Headers.Add(SampleServer.TestUserHeader, user);
        }

        using var response = await server.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await ReadJobIdAsync(response);
    }

    private static async Task<HttpResponseMessage> SendAsUserAsync(SampleServer server, HttpMethod method, string path, string user)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(SampleServer.TestUserHeader, user);
        return await server.Client.SendAsync(request);
    }

    private static async Task<string> ReadJobIdAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
