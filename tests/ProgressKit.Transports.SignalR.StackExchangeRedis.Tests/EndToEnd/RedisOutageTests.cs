using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.LocalServers;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>Redis stopped, restarted or missing: jobs and web requests never fail, terminal events still arrive.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task RedisRestartMidJob_LosesNoTerminalEvent()
    {
        await using var redis = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await using var node1 = await WebNode.StartAsync(redis.ConnectionString);
        await using var node2 = await WebNode.StartAsync(redis.ConnectionString);
        await using var worker = await WorkerProcess.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("restart");
        await worker.SendAsync($"hold {jobId} alice");
        await worker.WaitForLineAsync($"started {jobId}");
        await worker.FlushAsync();
        await using var alice = await node2.ConnectAsync("alice");
        await alice.SubscribeAsync(jobId);

        // Redis comes back empty, and the job ends at once: the worker's events may reach Redis before node 2 has
        // subscribed its channels again, which the backplane alone would lose without a trace.
        await redis.RestartAsync().WithTimeout(TestTimeouts.ServerStart);
        await worker.SendAsync($"progress {jobId} 50");
        await worker.SendAsync($"release {jobId}");

        var received = await alice.WaitForTerminalAsync(jobId);
        received[^1].Type.Should().Be(ProgressEventType.JobComplete);
        await worker.FlushAsync();
        await using var lateJoiner = await node1.ConnectAsync("alice");
        (await lateJoiner.SubscribeAsync(jobId))!.Type.Should().Be(ProgressEventType.JobComplete, "the worker stores its jobs' snapshots again in the restarted Redis");
    }

    [Fact]
    public async Task RedisDownAtWorkerStart_TheJobRunsThrough_AndIsDeliveredOnceRedisIsBack()
    {
        await using var redis = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await redis.StopAsync().WithTimeout();
        await using var worker = await WorkerProcess.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("down-at-start");

        await worker.SendAsync($"run {jobId} alice 3 10");

        await worker.WaitForLineAsync($"completed {jobId}");
        await redis.ResumeAsync().WithTimeout(TestTimeouts.ServerStart);
        await worker.FlushAsync();
        await using var node = await WebNode.StartAsync(redis.ConnectionString);
        await using var alice = await node.ConnectAsync("alice");
        var snapshot = await alice.SubscribeAsync(jobId);
        snapshot!.Type.Should().Be(ProgressEventType.JobComplete);
        snapshot.Source.Should().Be("test-worker");
    }

    [Fact]
    public async Task SendWhileRedisIsDown_FailsAsTransientTransportException_AndPublishingNeverThrows()
    {
        await using var redis = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await using var node = await WebNode.StartAsync(redis.ConnectionString);
        var transport = node.Services.GetServices<IProgressTransport>().Single(t => t.Name == "signalr");

        // Started while Redis is up: a job new to this process waits for the shared store's answer before its events
        // are numbered and written, and the events published below while Redis is down must reach the store's writer.
        await using (var job = node.Publisher.StartJob(ClusterFixture.NewJobId("publish-while-down"), userId: "alice"))
        {
            (await node.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
            await redis.StopAsync().WithTimeout();
            job.ReportProgress(50);
            job.Complete();
        }

        var send = () => transport.SendAsync(Event(ClusterFixture.NewJobId("send-while-down")), CancellationToken.None).AsTask();
        var failure = (await send.Should().ThrowAsync<TransportException>().WithTimeout()).Which;
        failure.IsTransient.Should().BeTrue();
        failure.Message.Should().Contain("could not be stored in Redis");
    }

    [Fact]
    public async Task Backplane_RedisDown_GroupSendThrowsRatherThanDropping()
    {
        // Pins what the investigation found (docs/scale-out.md): while Redis is down, the SignalR Redis backplane's
        // group send waits in StackExchange.Redis's backlog for the operation timeout, then throws.
        await using var redis = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await using var node = await WebNode.StartAsync(redis.ConnectionString);
        var hub = node.Services.GetRequiredService<IHubContext<ProgressHub>>();
        await hub.Clients.Group("job:warm-up").SendAsync("progress", "ping").WithTimeout();
        await redis.StopAsync().WithTimeout();

        var send = () => hub.Clients.Group("job:any").SendAsync("progress", "ping");

        await send.Should().ThrowAsync<RedisException>().WithTimeout();
    }

    private static ProgressEvent Event(string jobId) => new()
    {
        Type = ProgressEventType.ProgressUpdate,
        JobId = jobId,
        Sequence = 1,
        Timestamp = DateTimeOffset.UtcNow,
        Status = JobStatus.Processing,
        Progress = 10,
    };
}
