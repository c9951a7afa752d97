using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.State;
using ProgressKit.TestUtilities;
using ProgressKit.Transports.AppSync.Authorization;
using ProgressKit.Transports.AppSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ProgressKit.Transports.AppSync.Tests.GraphQL;

/// <summary>GraphQL mode against the AppSync simulator running the shipped schema and resolver, with real-time subscribers.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class GraphQLSimulatorTests(ShippedSchemaSimulatorFixture simulator)
{
    [Fact]
    public async Task Simulator_JobSubscriber_ReceivesTheWholeJobInOrder()
    {
        var jobId = NewJobId();
        await using var subscriber = await ConnectAsync();
        var stream = await subscriber.SubscribeToJobAsync(jobId);
        await using var harness = Create();

        RunJob(harness.Publisher, jobId, "user-1");
        await harness.FlushAsync();
        var received = await ReceivedEvents.ReadJobAsync(stream);

        received.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        received[0].Type.Should().Be(ProgressEventType.JobStarted);
        received[0].Sequence.Should().Be(1);
        received.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Type).Should().Equal(
            ProgressEventType.JobStarted, ProgressEventType.StageStarted, ProgressEventType.StageComplete, ProgressEventType.StageStarted,
            ProgressEventType.AgentStatus, ProgressEventType.Chunk, ProgressEventType.JobComplete);
        var snapshot = await harness.Services.GetRequiredService<IJobStateStore>().GetAsync(jobId);
        ProgressEventSerializer.Serialize(received[^1]).Should().Be(ProgressEventSerializer.Serialize(snapshot!), "every field, AWSJSON ones included, arrives as published");
        received.Single(e => e.Type == ProgressEventType.AgentStatus).Agent!.Tool.Should().Be("maps");
        received.Single(e => e.Type == ProgressEventType.Chunk).Chunk!.Text.Should().Be("hello");
    }

    [Fact]
    public async Task Simulator_SubscriberForAnotherJob_ReceivesNothingOfIt()
    {
        var jobA = NewJobId();
        var jobB = NewJobId();
        await using var subscriber = await ConnectAsync();
        var streamB = await subscriber.SubscribeToJobAsync(jobB);
        var streamA = await subscriber.SubscribeToJobAsync(jobA);
        await using var harness = Create();

        RunJob(harness.Publisher, jobA, "user-1");
        await harness.FlushAsync();
        await ReceivedEvents.ReadJobAsync(streamA);
        using (var sentinel = harness.Publisher.StartJob(jobB))
        {
            sentinel.Complete();
        }

        await harness.FlushAsync();

        // Job A's events went out (and reached A's subscriber) before B's first: had B's subscriber got any, it would come first.
        var first = ReceivedEvents.ToWireEvent(await AppSyncRealtimeSubscriber.NextAsync(streamB));
        first.JobId.Should().Be(jobB);
        first.Sequence.Should().Be(1);
    }

    [Fact]
    public async Task Simulator_UserSubscriber_ReceivesTheUsersJobs()
    {
        var jobId = NewJobId();
        var userId = "user-" + Guid.NewGuid().ToString("N")[..8];
        await using var subscriber = await ConnectAsync();
        var stream = await subscriber.SubscribeToUserAsync(userId);
        await using var harness = Create();

        RunJob(harness.Publisher, jobId, userId);
        await harness.FlushAsync();
        var received = await ReceivedEvents.ReadJobAsync(stream);

        received.Should().OnlyContain(e => e.JobId == jobId && e.UserId == userId);
        received[^1].Type.Should().Be(ProgressEventType.JobComplete);
    }

    [Fact]
    public async Task Simulator_WrongApiKey_IsRefused_LoggedLoudlyOnce_Counted_JobDoesNotFail()
    {
        await using var harness = Create(apiKey: "da2-wrong-key", core: o => o.Resilience.CircuitBreakDuration = TimeSpan.FromMilliseconds(500));
        var jobId = NewJobId();

        var run = () =>
        {
            using var job = harness.Publisher.StartJob(jobId);
            job.ReportProgress(50);
            job.Complete();
            return job.Status;
        };

        run.Should().NotThrow().Which.Should().Be(JobStatus.Completed);
        // The first attempt is rejected; after the break the probe is rejected again: two rejected attempts, logged once,
        // and no event failed (they wait for the fix).
        await harness.Rejected.WaitForMeasurementsAsync(2, TestTimeouts.Signal);
        harness.Rejected.GetMeasurementSnapshot().Should().OnlyContain(m => (string?)m.Tags["kind"] == "configuration" && (string?)m.Tags["transport"] == "appsync");
        harness.Failed.GetMeasurementSnapshot().Should().BeEmpty();
        var loud = harness.Logs.GetSnapshot().Where(r => r.Id.Id == 1011).ToList();
        loud.Should().ContainSingle();
        loud[0].Level.Should().Be(Microsoft.Extensions.Logging.LogLevel.Error);
        loud[0].Message.Should().Contain("401").And.Contain("Invalid API key");
    }

    [Fact]
    public async Task Simulator_IamAuthorization_IsAcceptedAndDelivered()
    {
        var jobId = NewJobId();
        await using var subscriber = await ConnectAsync();
        var stream = await subscriber.SubscribeToJobAsync(jobId);
        await using var harness = Create(configure: o =>
        {
            o.AuthorizationMode = AppSyncAuthorizationMode.Iam;
            o.ApiKey = null;
            o.Region = "us-east-1";
        });

        using (var job = harness.Publisher.StartJob(jobId))
        {
            job.Complete();
        }

        await harness.FlushAsync();

        (await ReceivedEvents.ReadJobAsync(stream)).Select(e => e.Sequence).Should().Equal(1, 2);
        harness.Failed.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public async Task Simulator_OversizeEvent_ArrivesCutToTheLimitWithTruncatedNamed()
    {
        var jobId = NewJobId();
        await using var subscriber = await ConnectAsync();
        var stream = await subscriber.SubscribeToJobAsync(jobId);
        await using var harness = Create(configure: o => o.MaxEventBytes = 8 * 1024);
        var results = JsonDocument.Parse(JsonSerializer.Serialize(new string('r', 20_000), ProgressEventSerializer.Options)).RootElement;

        using (var job = harness.Publisher.StartJob(jobId))
        {
            job.Complete(results, new string('m', 20_000));
        }

        await harness.FlushAsync();
        var received = await ReceivedEvents.ReadJobAsync(stream);

        var complete = received[^1];
        complete.Type.Should().Be(ProgressEventType.JobComplete);
        complete.Truncated.Should().Contain("results").And.Contain("message");
        complete.Progress.Should().Be(100);
        harness.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 4002);
    }

    [Fact]
    public async Task Simulator_MutationTheSchemaLacks_IsAConfigurationFault()
    {
        await using var harness = Create(configure: o => o.GraphQL.MutationDocument = "mutation P($event: ProgressEventInput!) { publishEverything(event: $event) { job_id } }");

        var send = async () => await harness.Transport.SendAsync(TestEvents.Progress(NewJobId()), CancellationToken.None);

        (await send.Should().ThrowAsync<TransportException>()).Which.Kind.Should().Be(TransportFailureKind.Configuration);
    }

    private static void RunJob(IProgressPublisher publisher, string jobId, string userId)
    {
        using var job = publisher.StartJob(jobId, userId, stages: [("ingest", 1), ("agents", 3)], metadata: new Dictionary<string, string> { ["doc"] = "a.pdf" });
        job.StartStage("ingest");
        job.ReportStageProgress(0.5, "half");
        job.CompleteStage();
        job.StartStage("agents");
        job.ReportAgentStatus("geo_agent", AgentStatus.CallingTool, tool: "maps", confidence: 0.75);
        job.Chunk("hello");
        job.Complete(JsonDocument.Parse("""{"answer":42,"sources":["a","b"]}""").RootElement, "done \"quoted\"");
    }

    private static string NewJobId() => "job-" + Guid.NewGuid().ToString("N")[..12];

    private Task<AppSyncRealtimeSubscriber> ConnectAsync() =>
        AppSyncRealtimeSubscriber.ConnectAsync(simulator.RealtimeUrl, simulator.GraphQlUrl, simulator.ApiKey);

    private AppSyncHarness Create(string? apiKey = null, Action<AppSyncTransportOptions>? configure = null, Action<ProgressKitOptions>? core = null) =>
        AppSyncHarness.Create(
            o =>
            {
                o.HttpEndpoint = simulator.GraphQlUrl;
                o.ApiKey = apiKey ?? simulator.ApiKey;
                configure?.Invoke(o);
            },
            core);
}
