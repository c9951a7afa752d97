using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Replay;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Replay;

public sealed class SubscriptionReplayServiceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Replay_SendsEachSubscribedConnectionItsJobsNewestSnapshot()
    {
        await using var node = await WebNode.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("replay");
        await using (var job = node.Publisher.StartJob(jobId, userId: "alice"))
        {
            job.ReportProgress(40);
        }

        await node.Publisher.FlushAsync(TimeSpan.FromSeconds(30));
        await using var alice = await node.ConnectAsync("alice");
        var snapshot = await alice.SubscribeAsync(jobId);
        var replayer = Replayer(node);

        await replayer.ReplayNowAsync().WithTimeout();

        node.Services.GetRequiredService<LocalSubscriptionTracker>().Subscriptions().Should().ContainSingle().Which.JobId.Should().Be(jobId);
        var replayed = await alice.WaitForAsync(e => e.JobId == jobId);
        replayed.Should().BeEquivalentTo(snapshot);
        replayed.Type.Should().Be(ProgressEventType.JobFailed, "the disposed handle ended the job as abandoned");
    }

    [Fact]
    public async Task Replay_UnsubscribedOrDisconnected_SendsNothing()
    {
        await using var node = await WebNode.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("unsubscribed");
        await using var job = node.Publisher.StartJob(jobId, userId: "alice");
        await node.Publisher.FlushAsync(TimeSpan.FromSeconds(30));
        var tracker = node.Services.GetRequiredService<LocalSubscriptionTracker>();
        await using (var gone = await node.ConnectAsync("alice"))
        {
            await gone.SubscribeAsync(jobId);
        }

        await using var alice = await node.ConnectAsync("alice");
        await alice.SubscribeAsync(jobId);
        await alice.Connection.InvokeAsync(nameof(ProgressHub.Unsubscribe), jobId).WithTimeout();

        await WaitUntilAsync(() => tracker.IsEmpty);
        var passes = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replayer = Replayer(node);
        replayer.PassCompleted += count => passes.TrySetResult(count);
        await replayer.ReplayNowAsync().WithTimeout();

        (await passes.Task.WithTimeout()).Should().Be(0);
    }

    internal static SubscriptionReplayService Replayer(WebNode node) =>
        node.Services.GetServices<IHostedService>().OfType<SubscriptionReplayService>().Single();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
