using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.TestUtilities;
using ProgressKit.TestUtilities.Http;
using ProgressKit.Transports.AppSync.Events;
using ProgressKit.Transports.AppSync.Tests.Support;

namespace ProgressKit.Transports.AppSync.Tests.Events;

/// <summary>
/// Events API mode against <see cref="DocumentedEventsApiFake"/>: no emulator of the AppSync Events API exists, so
/// these tests hold the transport to AWS's documented request and answer format, nothing more.
/// </summary>
public sealed class EventsApiFakeTests
{
    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_SendsTheDocumentedRequestShape()
    {
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        await using var harness = Create(fake);
        var progressEvent = TestEvents.Full("job-1");

        await harness.Transport.SendAsync(progressEvent, CancellationToken.None);

        fake.FormatErrors.Should().BeEmpty();
        var request = fake.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.PathAndQuery.Should().Be("/event");
        request.Headers["x-api-key"].Should().Be(DocumentedEventsApiFake.ApiKey);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        body.Select(p => p.Key).Should().Equal("channel", "events");
        body["channel"]!.GetValue<string>().Should().Be("/progress/jobs/job-1");
        var sent = body["events"]!.AsArray().Should().ContainSingle().Subject!.GetValue<string>();
        sent.Should().Be(ProgressEventSerializer.Serialize(progressEvent), "each event is its wire-format JSON, as a string");
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_BatchesConcurrentSendsToOneChannel_AtMostFivePerRequest()
    {
        var time = new FakeTimeProvider(TestEvents.Now);
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        await using var harness = Create(fake, o =>
        {
            o.Events.ChannelTemplate = "/progress/users/{user_id}";
            o.Events.BatchWindow = TimeSpan.FromMilliseconds(50);
        }, time);

        // Seven jobs of one user send at once (as the dispatcher does for seven jobs); another user's job too.
        var sends = Enumerable.Range(1, 7).Select(i => TestEvents.Progress($"job-{i}", userId: "u1"))
            .Append(TestEvents.Progress("job-other", userId: "u2"))
            .Select(e => harness.Transport.SendAsync(e, CancellationToken.None).AsTask())
            .ToList();
        fake.Requests.Should().BeEmpty("the batch window is still open");
        time.Advance(TimeSpan.FromMilliseconds(50));
        await Task.WhenAll(sends).WithTimeout();

        fake.FormatErrors.Should().BeEmpty();
        var byChannel = fake.Accepted.GroupBy(e => e.Channel).ToDictionary(g => g.Key, g => g.ToList());
        byChannel["/progress/users/u1"].GroupBy(e => e.RequestNumber).Select(g => g.Count()).Should().BeEquivalentTo([5, 2]);
        byChannel["/progress/users/u1"].Select(e => e.Event["job_id"]!.GetValue<string>()).Should().BeEquivalentTo(Enumerable.Range(1, 7).Select(i => $"job-{i}"));
        byChannel["/progress/users/u2"].Should().ContainSingle();
        fake.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_KeepsEachRequestWithinTheByteBudget()
    {
        var time = new FakeTimeProvider(TestEvents.Now);
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        await using var harness = Create(fake, o =>
        {
            o.Events.ChannelTemplate = "/progress/all/{tenant_id}";
            o.Events.BatchWindow = TimeSpan.FromMilliseconds(10);
            o.Events.MaxRequestEventBytes = 2048;
        }, time);
        var events = Enumerable.Range(1, 5).Select(i => TestEvents.Progress($"job-{i}", message: new string('x', 700))).ToList();

        var sends = events.Select(e => harness.Transport.SendAsync(e, CancellationToken.None).AsTask()).ToList();
        time.Advance(TimeSpan.FromMilliseconds(10));
        await Task.WhenAll(sends).WithTimeout();

        var perRequest = fake.Accepted.GroupBy(e => e.RequestNumber).Select(g => g.Sum(e => e.Event.ToJsonString().Length)).ToList();
        perRequest.Should().HaveCount(3).And.OnlyContain(bytes => bytes <= 2048);
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_PartialFailure_CompletesEachCallerWithItsOwnResult()
    {
        var time = new FakeTimeProvider(TestEvents.Now);
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        fake.Reject = e => e.Event["job_id"]!.GetValue<string>() switch
        {
            "job-2" => (500, "InternalFailure"),
            "job-3" => (400, "BadRequestException: event rejected by handler"),
            "job-4" => (401, "Unauthorized"),
            _ => null,
        };
        await using var harness = Create(fake, o =>
        {
            o.Events.ChannelTemplate = "/progress/users/{user_id}";
            o.Events.BatchWindow = TimeSpan.FromMilliseconds(10);
        }, time);

        var sends = Enumerable.Range(1, 5).Select(i => harness.Transport.SendAsync(TestEvents.Progress($"job-{i}", userId: "u1"), CancellationToken.None).AsTask()).ToList();
        time.Advance(TimeSpan.FromMilliseconds(10));
        await Task.WhenAny(Task.WhenAll(sends), Task.Delay(TestTimeouts.Signal));

        fake.Requests.Should().ContainSingle("all five went in one request");
        sends[0].IsCompletedSuccessfully.Should().BeTrue();
        sends[4].IsCompletedSuccessfully.Should().BeTrue();
        Kind(sends[1]).Should().Be(TransportFailureKind.Transient);
        Kind(sends[2]).Should().Be(TransportFailureKind.Permanent);
        Kind(sends[3]).Should().Be(TransportFailureKind.Configuration);
        ((TransportException)sends[2].Exception!.InnerException!).StatusCode.Should().Be(400);
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_PartialFailure_PipelineRetriesOnlyTheFailedEvent()
    {
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        var rejectedOnce = 0;
        fake.Reject = e => e.Event["seq"]!.GetValue<long>() == 2 && Interlocked.Exchange(ref rejectedOnce, 1) == 0 ? (503, "ServiceUnavailable") : null;
        await using var harness = Create(fake);
        const string JobId = "job-retried";

        using (var job = harness.Publisher.StartJob(JobId))
        {
            // Chunks, unlike progress updates, are never coalesced: every one of them must arrive.
            job.Chunk("a");
            job.ReportAgentStatus("geo_agent", AgentStatus.CallingTool);
            job.Complete();
        }

        await harness.FlushAsync();

        fake.Rejected.Select(e => e.Event["seq"]!.GetValue<long>()).Should().Equal(2);
        fake.Accepted.Where(e => e.Channel == "/progress/jobs/job-retried").Select(e => e.Event["seq"]!.GetValue<long>())
            .Should().Equal([1, 2, 3, 4], "the failed event is sent again, in order, and nothing else twice");
        harness.Failed.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_PermanentRejection_IsDeadLetteredAndTheJobGoesOn()
    {
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        fake.Reject = e => e.Event["seq"]!.GetValue<long>() == 2 ? (400, "rejected") : null;
        await using var harness = Create(fake);

        using (var job = harness.Publisher.StartJob("job-dead"))
        {
            job.Chunk("rejected");
            job.Complete();
        }

        await harness.FlushAsync();

        fake.Rejected.Should().ContainSingle("a permanent failure is not retried");
        fake.Accepted.Select(e => e.Event["seq"]!.GetValue<long>()).Should().Equal(1, 3);
        harness.Failed.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["kind"].Should().Be("permanent");
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_WrongApiKey_IsAConfigurationFault()
    {
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        await using var harness = Create(fake, o => o.ApiKey = "da2-wrong");

        var send = async () => await harness.Transport.SendAsync(TestEvents.Progress(), CancellationToken.None);

        var failure = (await send.Should().ThrowAsync<TransportException>()).Which;
        failure.Kind.Should().Be(TransportFailureKind.Configuration);
        failure.StatusCode.Should().Be(401);
        failure.Message.Should().NotContain("da2-wrong", "credentials are never put in messages");
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_OversizeEvent_IsCutToTheLimit()
    {
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        await using var harness = Create(fake);
        var huge = TestEvents.Progress(message: new string('x', 300_000));

        await harness.Transport.SendAsync(huge, CancellationToken.None);

        fake.FormatErrors.Should().BeEmpty("AppSync would drop an event over 240 KB");
        var sent = fake.Accepted.Should().ContainSingle().Subject.Event;
        System.Text.Encoding.UTF8.GetByteCount(sent.ToJsonString()).Should().BeLessThanOrEqualTo(AppSyncTransportOptions.DefaultMaxEventBytes);
        sent["truncated"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("message");
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_JobIdNotChannelSafe_UsesItsHashSegment()
    {
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        await using var harness = Create(fake);

        await harness.Transport.SendAsync(TestEvents.Progress("orders:42.pdf"), CancellationToken.None);

        fake.Accepted.Should().ContainSingle().Which.Channel.Should().Be("/progress/jobs/" + AppSyncEventsChannel.ToSegment("orders:42.pdf"));
    }

    [Fact]
    public async Task EventsApi_AgainstDocumentedFormatFake_CallerCancelledWhileWaiting_IsNotSent()
    {
        var time = new FakeTimeProvider(TestEvents.Now);
        await using var fake = await DocumentedEventsApiFake.StartAsync();
        await using var harness = Create(fake, o => o.Events.BatchWindow = TimeSpan.FromMilliseconds(20), time);
        using var cancel = new CancellationTokenSource();

        var cancelled = harness.Transport.SendAsync(TestEvents.Progress("job-c"), cancel.Token).AsTask();
        var kept = harness.Transport.SendAsync(TestEvents.Progress("job-k"), CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        time.Advance(TimeSpan.FromMilliseconds(20));
        await kept.WithTimeout();

        (await cancelled.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>()).And.Should().NotBeNull();
        fake.Accepted.Select(e => e.Event["job_id"]!.GetValue<string>()).Should().Equal("job-k");
    }

    private static TransportFailureKind Kind(Task send) => ((TransportException)send.Exception!.InnerException!).Kind;

    private static AppSyncHarness Create(DocumentedEventsApiFake fake, Action<AppSyncTransportOptions>? configure = null, FakeTimeProvider? time = null) =>
        AppSyncHarness.Create(
            o =>
            {
                o.Api = AppSyncApi.Events;
                o.HttpEndpoint = fake.EventUrl;
                o.ApiKey = DocumentedEventsApiFake.ApiKey;
                configure?.Invoke(o);
            },
            time: time);
}
