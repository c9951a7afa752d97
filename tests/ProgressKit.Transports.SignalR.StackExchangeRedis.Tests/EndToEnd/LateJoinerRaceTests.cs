using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>A client joining on a web node while a worker publishes the job's terminal event never misses it.</summary>
public sealed class LateJoinerRaceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task SubscribeRacingTheTerminalEvent_AlwaysEndsWithTheTerminalEvent()
    {
        using var worker = WorkerHost.Build(redis.ConnectionString);
        await worker.StartAsync();
        var publisher = worker.Services.GetRequiredService<IProgressPublisher>();
        await using var node = await WebNode.StartAsync(redis.ConnectionString);

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var jobId = ClusterFixture.NewJobId($"race{attempt}");
            var job = publisher.StartJob(jobId, userId: "alice");
            job.ReportProgress(10);
            (await publisher.FlushAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
            await using var alice = await node.ConnectAsync("alice");

            // The join and the terminal event race; whichever wins, the client must end up with the terminal event.
            var subscribe = alice.SubscribeAsync(jobId);
            job.Complete();
            await job.DisposeAsync();
            var snapshot = await subscribe;

            if (snapshot is not { IsTerminal: true })
            {
                (await alice.WaitForTerminalAsync(jobId))[^1].Type.Should().Be(ProgressEventType.JobComplete, $"attempt {attempt}");
            }
        }

        await worker.StopAsync();
    }
}
