using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProgressKit.LocalServers;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Cancellation;

public sealed class CrossProcessCancellationTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Request_JobRunningInThisProcess_IsCancelledHereEvenWithRedisDown()
    {
        await using var server = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        await server.StopAsync().WithTimeout();
        await using var host = new StoreHost(server.ConnectionString);
        await using var job = host.Services.GetRequiredService<IProgressPublisher>().StartJob(ClusterFixture.NewJobId("local"), userId: "alice");
        var router = host.Services.GetRequiredService<IProgressCancellationRouter>();

        var requested = await router.RequestCancellationAsync(job.JobId, CancellationToken.None).AsTask().WithTimeout(TimeSpan.FromSeconds(1));

        requested.Should().BeTrue();
        await Task.Delay(Timeout.Infinite, job.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).WithTimeout();

        // The job is new to this process, so its events wait for the shared store's answer (here a failed read, after
        // the operation timeout) before they are numbered; the flush waits for that.
        (await host.Services.GetRequiredService<IProgressPublisher>().FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        job.Status.Should().Be(Events.JobStatus.Cancelled);
    }

    [Fact]
    public async Task Request_JobRunningInAnotherProcess_ReachesItOverPubSub()
    {
        using var worker = WorkerHost.Build(redis.ConnectionString);
        await worker.StartAsync();
        await using var job = worker.Services.GetRequiredService<IProgressPublisher>().StartJob(ClusterFixture.NewJobId("remote"), userId: "alice");
        await using var web = new StoreHost(redis.ConnectionString);
        var listener = worker.Services.GetServices<IHostedService>().OfType<StackExchangeRedis.Cancellation.RedisCancellationListener>().Single();
        await listener.Subscribed.WithTimeout();

        (await web.Services.GetRequiredService<IProgressCancellationRouter>().RequestCancellationAsync(job.JobId, CancellationToken.None)).Should().BeTrue();

        await Task.Delay(Timeout.Infinite, job.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).WithTimeout();
        await worker.StopAsync();
    }

    [Fact]
    public async Task RequestMissedOnPubSub_IsFoundByTheJobHandlesPolling()
    {
        using var worker = WorkerHost.Build(redis.ConnectionString);
        await using var job = worker.Services.GetRequiredService<IProgressPublisher>().StartJob(ClusterFixture.NewJobId("polled"), userId: "alice");
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        // Only the flag, no message (the worker's listener is not even started): as if the message was missed.
        await inspector.GetDatabase().StringSetAsync($"{SignalRRedisScaleOutOptions.DefaultKeyPrefix}cancel:{job.JobId}", job.JobId, TimeSpan.FromMinutes(1));

        await Task.Delay(Timeout.Infinite, job.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).WithTimeout();
        job.Status.Should().Be(Events.JobStatus.Cancelled);
    }
}
