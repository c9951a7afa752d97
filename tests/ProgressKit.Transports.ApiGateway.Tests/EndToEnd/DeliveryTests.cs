using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Streams;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.EndToEnd;

/// <summary>Events from a real publisher reach real WebSocket clients of the API Gateway emulator.</summary>
[Collection(ApiGatewayEmulatorCollection.Name)]
public sealed class DeliveryTests(ApiGatewayEmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task SubscribedClient_ReceivesTheWholeJobInOrder()
    {
        var services = Start();
        var client = await ConnectAsync("alice");
        var jobId = NewJobId();
        var subscribed = await client.RequestAsync(new { action = "subscribe", job_id = jobId });
        subscribed.GetProperty("snapshot").ValueKind.Should().Be(JsonValueKind.Null);

        var publisher = services.GetRequiredService<IProgressPublisher>();
        using (var job = publisher.StartJob(jobId, userId: "alice", stages: [("ingest", 1), ("analyze", 3)]))
        {
            job.StartStage("ingest");
            job.ReportStageProgress(0.5, "halfway");
            job.CompleteStage();
            job.StartStage("analyze");
            job.ReportAgentStatus("geo_agent", AgentStatus.CallingTool, tool: "geocode");
            job.Chunk("hello ");
            job.Chunk("world");
            job.ReportAgentStatus("geo_agent", AgentStatus.Complete, confidence: 0.9);
            job.CompleteStage();
            job.Complete(JsonDocument.Parse("{\"answer\":42}").RootElement);
        }

        var completed = await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);

        completed.Results!.Value.GetProperty("answer").GetInt32().Should().Be(42);
        client.Events.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        client.Events.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Type).Should().Equal(
            ProgressEventType.JobStarted, ProgressEventType.StageStarted, ProgressEventType.StageComplete, ProgressEventType.StageStarted,
            ProgressEventType.AgentStatus, ProgressEventType.Chunk, ProgressEventType.Chunk, ProgressEventType.AgentStatus,
            ProgressEventType.StageComplete, ProgressEventType.JobComplete);
        client.Events.Where(e => e.Type == ProgressEventType.Chunk).Select(e => e.Chunk!.Text).Should().Equal("hello ", "world");
        client.Events.Should().OnlyContain(e => e.JobId == jobId && e.UserId == "alice");
    }

    [Fact]
    public async Task LateSubscriber_GetsTheSnapshotThenTheRest()
    {
        var services = Start();
        var publisher = services.GetRequiredService<IProgressPublisher>();
        var jobId = NewJobId();
        using var job = publisher.StartJob(jobId, userId: "alice");
        job.ReportProgress(40, "forty");
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        var late = await ConnectAsync("alice");
        var reply = await late.RequestAsync(new { action = "subscribe", job_id = jobId });
        job.Complete();

        var snapshot = ProgressEventSerializer.Deserialize(reply.GetProperty("snapshot").GetRawText());
        snapshot.Progress.Should().Be(40);
        snapshot.Message.Should().Be("forty");
        snapshot.Sequence.Should().Be(2);
        (await late.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete)).Sequence.Should().Be(3);
    }

    [Fact]
    public async Task LateSubscriber_RoutedByAnotherInstance_GetsTheNewestEventFromTheStore()
    {
        var publishing = Start(configure: o => o.MaxEventBytes = ApiGatewayTransportOptions.ApiGatewayMaxFrameBytes);
        var publisher = publishing.GetRequiredService<IProgressPublisher>();
        var jobId = NewJobId();
        using var job = publisher.StartJob(jobId, userId: "alice");
        job.ReportProgress(40, "forty");
        job.ReportProgress(60, "sixty");
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();

        // The routes now reach another instance, which never saw the job: the snapshot comes from DynamoDB.
        var routing = Start();
        routing.GetRequiredService<IJobStreamStore>().GetLocalState(jobId).Should().BeNull();
        var late = await ConnectAsync("alice");
        var reply = await late.RequestAsync(new { action = "subscribe", job_id = jobId });
        job.Complete(TestEvents.LargeResults(100_000));

        var snapshot = ProgressEventSerializer.Deserialize(reply.GetProperty("snapshot").GetRawText());
        snapshot.Sequence.Should().Be(3);
        snapshot.Message.Should().Be("sixty");
        snapshot.Epoch.Should().NotBeNullOrEmpty();
        var completed = await late.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);
        completed.Sequence.Should().Be(4);
        var status = await late.RequestAsync(new { action = "request_status", job_id = jobId });
        var newest = ProgressEventSerializer.Deserialize(status.GetProperty("snapshot").GetRawText());
        newest.Sequence.Should().Be(4);
        newest.Truncated.Should().Equal(new[] { "results" }, "the snapshot is the event as subscribers received it");
    }

    [Fact]
    public async Task SubscriberJoiningARunningJob_MissesNothingAfterItsSnapshot()
    {
        var services = Start();
        var publisher = services.GetRequiredService<IProgressPublisher>();
        var jobId = NewJobId();
        using var job = publisher.StartJob(jobId, userId: "alice");
        for (var i = 0; i < 5; i++)
        {
            job.Chunk($"early {i};");
        }

        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        var late = await ConnectAsync("alice");
        var reply = await late.RequestAsync(new { action = "subscribe", job_id = jobId });
        for (var i = 0; i < 10; i++)
        {
            job.Chunk($"late {i};");
        }

        job.Complete();

        reply.GetProperty("snapshot").GetProperty("seq").GetInt64().Should().Be(6);
        await late.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);
        late.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(7, 11).Select(i => (long)i),
            "the subscription is seen by the very next event, although the transport caches subscriber lists");
    }

    [Fact]
    public async Task RequestStatus_ReturnsTheNewestSnapshotWithoutSubscribing()
    {
        var services = Start();
        var publisher = services.GetRequiredService<IProgressPublisher>();
        var jobId = NewJobId();
        using var job = publisher.StartJob(jobId, userId: "alice");
        job.ReportProgress(70);
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        var client = await ConnectAsync("alice");

        var reply = await client.RequestAsync(new { action = "request_status", job_id = jobId });

        reply.GetProperty("type").GetString().Should().Be("status");
        reply.GetProperty("snapshot").GetProperty("progress").GetDouble().Should().Be(70);
        (await Registry(services).GetJobSubscribersAsync(jobId, default)).Should().BeEmpty();
    }

    [Fact]
    public async Task MyJobsSubscriber_ReceivesEveryJobOfItsUserOnly()
    {
        var services = Start();
        var client = await ConnectAsync("carol", "acme");
        await client.SendAsync(new { action = "subscribe_my_jobs" });
        var probe = await client.RequestAsync(new { action = "request_status", job_id = "job-unknown-probe" });
        probe.GetProperty("code").GetString().Should().Be("job_not_found", "the probe's reply proves subscribe_my_jobs was handled first");

        var publisher = services.GetRequiredService<IProgressPublisher>();
        var other = NewJobId();
        var mine = NewJobId();
        publisher.StartJob(other, userId: "dave", tenantId: "acme").Complete();
        publisher.StartJob(mine, userId: "carol", tenantId: "acme").Complete();

        await client.WaitForEventAsync(e => e.JobId == mine && e.Type == ProgressEventType.JobComplete);
        client.Events.Should().OnlyContain(e => e.JobId == mine);
    }

    [Fact]
    public async Task OversizedEvent_IsCutDownAndStillDelivered()
    {
        var services = Start(configure: o => o.MaxEventBytes = ApiGatewayTransportOptions.ApiGatewayMaxFrameBytes);
        var client = await ConnectAsync("alice");
        var jobId = NewJobId();
        await SubscribeAsync(client, jobId);

        var publisher = services.GetRequiredService<IProgressPublisher>();
        publisher.StartJob(jobId, userId: "alice").Complete(TestEvents.LargeResults(200_000), "done");

        var completed = await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);
        completed.Results.Should().BeNull();
        completed.Truncated.Should().Equal("results");
        completed.Progress.Should().Be(100);
        completed.Message.Should().Be("done");
        client.Frames.Should().OnlyContain(f => System.Text.Encoding.UTF8.GetByteCount(f) <= ApiGatewayTransportOptions.ApiGatewayMaxFrameBytes);
        (await services.GetRequiredService<IJobStreamStore>().GetSnapshotAsync(jobId))!.Truncated.Should().Equal("results");
    }

    [Fact]
    public async Task CancelJob_FromTheClient_CancelsTheRunningJobWhichPublishesCancelled()
    {
        var services = Start();
        var client = await ConnectAsync("alice");
        var jobId = NewJobId();
        await SubscribeAsync(client, jobId);
        var publisher = services.GetRequiredService<IProgressPublisher>();
        using var job = publisher.StartJob(jobId, userId: "alice");
        await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobStarted);

        await client.SendAsync(new { action = "cancel_job", job_id = jobId });

        await Task.Delay(Timeout.Infinite, job.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).WithTimeout();
        (await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobCancelled)).JobId.Should().Be(jobId);
        (await Registry(services).IsCancellationRequestedAsync(jobId, default)).Should().BeTrue();
    }
}
