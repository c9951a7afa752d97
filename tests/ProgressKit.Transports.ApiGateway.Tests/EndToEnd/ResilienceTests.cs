using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Dispatch;
using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

namespace ProgressKit.Transports.ApiGateway.Tests.EndToEnd;

/// <summary>Failures of the management API (gone connections; 403, 413, 429, 5xx and timeouts injected by the fault proxy).</summary>
[Collection(ApiGatewayEmulatorCollection.Name)]
public sealed class ResilienceTests(ApiGatewayEmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task ClosedClientWhoseDisconnectWasLost_IsPrunedAfterThe410AndTheJobCompletes()
    {
        var services = Start();
        var jobId = NewJobId();
        var leaving = await ConnectAsync("alice");
        var staying = await ConnectAsync("alice");
        await SubscribeAsync(leaving, jobId);
        await SubscribeAsync(staying, jobId);
        var leavingId = await Fixture.Backend.ConnectionIdAsync(leaving.Tag);
        Fixture.Backend.LoseDisconnects = true;

        await leaving.CloseAsync();
        (await Registry(services).GetConnectionAsync(leavingId, default)).Should().NotBeNull("API Gateway lost the $disconnect");
        var publisher = services.GetRequiredService<IProgressPublisher>();
        using (var job = publisher.StartJob(jobId, userId: "alice"))
        {
            job.ReportProgress(50);
            job.Complete();
        }

        (await staying.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete)).Sequence.Should().Be(3);
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        (await Registry(services).GetConnectionAsync(leavingId, default)).Should().BeNull();
        (await Registry(services).GetJobSubscribersAsync(jobId, default)).Should().ContainSingle();
        services.GetFakeLogCollector().GetSnapshot().Should().Contain(r => r.Id.Id == 3001 && r.Message.Contains(leavingId));
    }

    [Fact]
    public async Task Injected429And5xxAndTimeouts_AreRetriedAndNothingIsLostOrDuplicated()
    {
        var posts = 0;
        Proxy.Rule = request =>
        {
            if (request.Method != "POST")
            {
                return null;
            }

            return Interlocked.Increment(ref posts) switch
            {
                1 or 2 => new Fault(429, ErrorType: "LimitExceededException"),
                4 => new Fault(500),
                6 => new Fault(503),
                8 => new Fault(502),
                10 => new Fault(200, Delay: TimeSpan.FromSeconds(30)),
                _ => null,
            };
        };
        var services = Start(viaProxy: true, configure: o => o.PostTimeout = TimeSpan.FromMilliseconds(300));
        var client = await ConnectAsync("alice");
        var jobId = NewJobId();
        await SubscribeAsync(client, jobId);

        var publisher = services.GetRequiredService<IProgressPublisher>();
        using (var job = publisher.StartJob(jobId, userId: "alice"))
        {
            for (var i = 0; i < 12; i++)
            {
                job.Chunk($"part {i};");
            }

            job.Complete();
        }

        await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);
        client.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 14).Select(i => (long)i), "every event arrives once, in order");
        client.Events.Where(e => e.Type == ProgressEventType.Chunk).Select(e => e.Chunk!.Text)
            .Should().Equal(Enumerable.Range(0, 12).Select(i => $"part {i};"));
        posts.Should().Be(14 + 6, "six posts failed and were retried");
    }

    [Fact]
    public async Task Forbidden403_OpensTheCircuitLogsOnceAndDeliversAfterTheFixWithoutFailingTheJob()
    {
        var forbidden = true;
        Proxy.Rule = request => request.Method == "POST" && Volatile.Read(ref forbidden) ? new Fault(403, ErrorType: "ForbiddenException") : null;
        var services = Start(viaProxy: true, core: o => o.Resilience.CircuitBreakDuration = TimeSpan.FromMilliseconds(500));
        var client = await ConnectAsync("alice");
        var jobId = NewJobId();
        await SubscribeAsync(client, jobId);
        var publisher = services.GetRequiredService<IProgressPublisher>();

        using (var job = publisher.StartJob(jobId, userId: "alice"))
        {
            job.Chunk("one");
            job.Chunk("two");
            job.Complete();
        }

        var logs = services.GetFakeLogCollector();
        await Proxy.WaitForRequestsAsync(requests => requests.Count(r => r.Method == "POST") >= 2);
        Volatile.Write(ref forbidden, false);

        await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);
        client.Events.Select(e => e.Type).Should().Equal(
            ProgressEventType.JobStarted, ProgressEventType.Chunk, ProgressEventType.Chunk, ProgressEventType.JobComplete);
        logs.GetSnapshot().Where(r => r.Id.Id == 1011).Should().ContainSingle("a configuration fault is logged loudly once")
            .Which.Message.Should().Contain("403").And.Contain("execute-api:ManageConnections");
    }

    [Fact]
    public async Task PayloadTooLarge413_IsNotRetriedAndTheJobGoesOn()
    {
        var deadLetters = new List<DeadLetter>();
        var posts = 0;
        Proxy.Rule = request => request.Method == "POST" && Interlocked.Increment(ref posts) == 2 ? new Fault(413, ErrorType: "PayloadTooLargeException") : null;
        var services = Start(viaProxy: true, core: o => o.OnDeadLetter = d => { lock (deadLetters) { deadLetters.Add(d); } });
        var client = await ConnectAsync("alice");
        var jobId = NewJobId();
        await SubscribeAsync(client, jobId);
        var publisher = services.GetRequiredService<IProgressPublisher>();

        using (var job = publisher.StartJob(jobId, userId: "alice"))
        {
            job.Chunk("refused by the gateway");
            job.Complete();
        }

        await client.WaitForEventAsync(e => e.Type == ProgressEventType.JobComplete);
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        client.Events.Select(e => e.Type).Should().Equal(ProgressEventType.JobStarted, ProgressEventType.JobComplete);
        posts.Should().Be(3, "the 413 was not retried");
        deadLetters.Should().ContainSingle().Which.Event.Type.Should().Be(ProgressEventType.Chunk);
    }
}
