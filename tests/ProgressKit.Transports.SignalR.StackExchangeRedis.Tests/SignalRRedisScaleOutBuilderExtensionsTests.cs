using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProgressKit.Jobs;
using ProgressKit.State;
using ProgressKit.Streams;
using ProgressKit.Streams.StackExchangeRedis;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Cancellation;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Replay;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Streams;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests;

public sealed class SignalRRedisScaleOutBuilderExtensionsTests
{
    [Fact]
    public async Task Add_WiresTheStoreBarrierRouterBackplaneAndBackgroundServices()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddProgressKit().AddSignalRRedisScaleOut(o => o.Configuration = "127.0.0.1:1");
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IJobStateStore>().Should().BeOfType<JobStreamSnapshotStore>("the one store is the shared job stream store, read through its snapshot view");
        services.Should().NotContain(d => d.ServiceType.Namespace!.EndsWith(".StackExchangeRedis.State", StringComparison.Ordinal) || d.ServiceType.Name == "RedisJobStateStore");
        provider.GetServices<IProgressSendBarrier>().Select(b => b.GetType()).Should().Equal([typeof(RedisStreamBarrier)]);
        provider.GetRequiredService<IJobStreamStore>().Should().BeSameAs(provider.GetRequiredService<IRedisJobStreamWriter>());
        provider.GetRequiredService<IProgressCancellationRouter>().Should().BeOfType<RedisCancellationRouter>();
        provider.GetServices<IJobCancellationRequestSource>().Should().ContainSingle();
        provider.GetServices<IHostedService>().Should().ContainSingle(s => s is RedisCancellationListener).And.ContainSingle(s => s is SubscriptionReplayService);
        provider.GetServices<IProgressTransport>().Should().ContainSingle(t => t.Name == "signalr");
        provider.GetRequiredService<IOptions<RedisOptions>>().Value.ConnectionFactory.Should().NotBeNull();
    }

    [Fact]
    public async Task Add_Twice_RegistersEverythingOnce_AndAppliesBothConfigureSteps()
    {
        await using var provider = Build(kit => kit
            .AddSignalRRedisScaleOut(o => o.Configuration = "127.0.0.1:1")
            .AddSignalRRedisScaleOut(o => o.KeyPrefix = "app:"));

        provider.GetServices<IProgressSendBarrier>().Should().ContainSingle();
        provider.GetServices<IHostedService>().OfType<RedisCancellationListener>().Should().ContainSingle();
        var options = provider.GetRequiredService<IOptions<SignalRRedisScaleOutOptions>>().Value;
        (options.Configuration, options.KeyPrefix).Should().Be(("127.0.0.1:1", "app:"));
        var streams = provider.GetRequiredService<IOptions<RedisJobStreamStoreOptions>>().Value;
        (streams.Configuration, streams.KeyPrefix).Should().Be(("127.0.0.1:1", "app:"), "the shared job stream store uses the scale-out's Redis");
    }

    [Fact]
    public async Task Add_BeforeOrAfterTheSignalRTransport_TheRedisRouterWins()
    {
        await using var after = Build(kit => kit.AddSignalRTransport().AddSignalRRedisScaleOut(o => o.Configuration = "127.0.0.1:1"));
        await using var before = Build(kit => kit.AddSignalRRedisScaleOut(o => o.Configuration = "127.0.0.1:1").AddSignalRTransport());

        after.GetRequiredService<IProgressCancellationRouter>().Should().BeOfType<RedisCancellationRouter>();
        before.GetRequiredService<IProgressCancellationRouter>().Should().BeOfType<RedisCancellationRouter>();
    }

    [Fact]
    public async Task Add_ApplicationsOwnBackplaneConnectionFactory_IsKept()
    {
        Func<TextWriter, Task<StackExchange.Redis.IConnectionMultiplexer>> own = _ => throw new InvalidOperationException();
        await using var provider = Build(kit =>
        {
            kit.Services.AddSignalR().AddStackExchangeRedis(o => o.ConnectionFactory = own);
            kit.AddSignalRRedisScaleOut(o => o.Configuration = "127.0.0.1:1");
        });

        provider.GetRequiredService<IOptions<RedisOptions>>().Value.ConnectionFactory.Should().BeSameAs(own);
    }

    private static ServiceProvider Build(Action<IProgressKitBuilder> configure)
    {
        var services = new ServiceCollection().AddLogging();
        configure(services.AddProgressKit());
        return services.BuildServiceProvider();
    }
}
