using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Streams;

/// <summary>The late-joiner and resume invariant across nodes: no group send of an event happens before the shared log in Redis holds it.</summary>
public sealed class LogBeforeSendTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task EveryGroupSend_FindsItsEventAlreadyInTheSharedLog()
    {
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        LogCheckingLifetimeManager? checker = null;
        await using var node = await WebNode.StartAsync(redis.ConnectionString, services => services.AddSingleton<HubLifetimeManager<ProgressHub>>(sp =>
            checker = new LogCheckingLifetimeManager(
                ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<ProgressHub>>(sp),
                inspector.GetDatabase(),
                SignalRRedisScaleOutOptions.DefaultKeyPrefix)));
        var jobs = Enumerable.Range(0, 20).Select(i => node.Publisher.StartJob(ClusterFixture.NewJobId($"invariant{i}"), userId: "alice")).ToList();

        // Bursts from many jobs at once: the background writer and the send barrier race for every event.
        for (var step = 1; step <= 10; step++)
        {
            foreach (var job in jobs)
            {
                job.ReportAgentStatus("geo_agent", Events.AgentStatus.CallingTool, tool: $"tool-{step}");
            }
        }

        foreach (var job in jobs)
        {
            job.Complete();
            await job.DisposeAsync();
        }

        (await node.Publisher.FlushAsync(TimeSpan.FromSeconds(60))).Should().BeTrue();
        var checks = checker!.Checks.ToArray();
        checks.Should().HaveCount(20 * 12, "every event of every job was sent once: job_started, 10 agent updates, job_complete");
        checks.Should().OnlyContain(c => c.StoredSequence >= c.Sequence, "an event must reach the shared log in Redis before it is sent to any group");
    }
}
