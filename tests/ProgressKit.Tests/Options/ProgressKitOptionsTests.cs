using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProgressKit.Resilience;
using ProgressKit.State;

namespace ProgressKit.Tests.Options;

public class ProgressKitOptionsTests
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var o = new ProgressKitOptions();

        o.BufferCapacity.Should().Be(10_000).And.Be(ProgressKitOptions.DefaultBufferCapacity);
        o.MaxConcurrentSendsPerTransport.Should().Be(32);
        o.MaxTrackedJobs.Should().Be(10_000);
        o.MinProgressInterval.Should().Be(TimeSpan.Zero);
        o.DrainTimeout.Should().Be(TimeSpan.FromSeconds(5));
        o.CancellationPollInterval.Should().Be(TimeSpan.FromSeconds(2));
        o.EstimateRemainingTime.Should().BeTrue();
        o.Source.Should().BeNull();
        o.TimeProvider.Should().BeSameAs(TimeProvider.System);
        o.Resilience.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(10)).And.Be(TransportResilienceOptions.DefaultAttemptTimeout);
        o.Resilience.MaxRetryAttempts.Should().Be(4);
        o.Resilience.RetryBaseDelay.Should().Be(TimeSpan.FromMilliseconds(200));
        o.Resilience.RetryMaxDelay.Should().Be(TimeSpan.FromSeconds(10));
        o.Resilience.CircuitFailureRatio.Should().Be(0.5);
        o.Resilience.CircuitMinimumThroughput.Should().Be(20);
        o.Resilience.CircuitSamplingDuration.Should().Be(TimeSpan.FromSeconds(30));
        o.Resilience.CircuitBreakDuration.Should().Be(TimeSpan.FromSeconds(15));
        o.StateStore.MaxJobs.Should().Be(10_000).And.Be(JobStateStoreOptions.DefaultMaxJobs);
        o.StateStore.TimeToLive.Should().Be(TimeSpan.FromHours(2));
        o.Streams.Should().BeEquivalentTo(new ProgressKit.Streams.JobStreamStoreOptions(), "the stream store's defaults are pinned in JobStreamStoreOptionsTests");
    }

    [Theory]
    [InlineData("BufferCapacity")]
    [InlineData("MaxConcurrentSendsPerTransport")]
    [InlineData("Resilience:AttemptTimeout")]
    [InlineData("Resilience:CircuitFailureRatio")]
    [InlineData("StateStore:TimeToLive")]
    [InlineData("Streams:MaxEventsPerJob")]
    [InlineData("Streams:FinishedJobRetention")]
    public async Task InvalidSetting_FailsAtHostStart_NamingTheSetting(string setting)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddProgressKit(o => Break(o, setting));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("ProgressKit:" + setting);
    }

    [Fact]
    public void InvalidSetting_WithoutHost_FailsOnFirstResolve_NamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddProgressKit(o => o.BufferCapacity = 0);
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IProgressPublisher>();

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*ProgressKit:BufferCapacity must be between 16 and 10000000 (got 0)*");
    }

    [Fact]
    public void AddProgressKit_Twice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddProgressKit().AddTransport<Fakes.FakeTransportForDi>();
        var count = services.Count;

        services.AddProgressKit().AddTransport<Fakes.FakeTransportForDi>();

        services.Count.Should().Be(count + 1, "only the second options configuration step is added");
        using var provider = services.BuildServiceProvider();
        provider.GetServices<ProgressKit.Transports.IProgressTransport>().Should().ContainSingle();
    }

    [Fact]
    public async Task AddTransport_SameFactoryOrSameInstanceTwice_OneLane()
    {
        var transport = new Fakes.FakeTransport("one");
        Func<IServiceProvider, ProgressKit.Transports.IProgressTransport> factory = _ => transport;
        var services = new ServiceCollection();
        services.AddProgressKit().AddTransport(factory).AddTransport(factory).AddTransport(_ => transport);
        await using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(ProgressKit.Transports.IProgressTransport)).Should().Be(2, "the same factory is added once");
        var publisher = provider.GetRequiredService<IProgressPublisher>();
        provider.GetRequiredService<ProgressKit.Dispatch.ProgressDispatcher>().TransportNames.Should().Equal("one");

        publisher.PublishProgress("j", 10);
        (await publisher.FlushAsync(Fakes.TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Should().ContainSingle("one lane sends each event once");
    }

    [Fact]
    public void AddTransport_TwoDifferentTransportsWithOneName_FailsAtStartNamingIt()
    {
        var services = new ServiceCollection();
        services.AddProgressKit().AddTransport(_ => new Fakes.FakeTransport("same")).AddTransport(_ => new Fakes.FakeTransport("same"));
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IProgressPublisher>();

        resolve.Should().Throw<InvalidOperationException>().WithMessage("*named 'same'*must be unique*");
    }

    private static void Break(ProgressKitOptions o, string setting)
    {
        switch (setting)
        {
            case "BufferCapacity": o.BufferCapacity = 1; break;
            case "MaxConcurrentSendsPerTransport": o.MaxConcurrentSendsPerTransport = 0; break;
            case "Resilience:AttemptTimeout": o.Resilience.AttemptTimeout = TimeSpan.Zero; break;
            case "Resilience:CircuitFailureRatio": o.Resilience.CircuitFailureRatio = 2; break;
            case "StateStore:TimeToLive": o.StateStore.TimeToLive = TimeSpan.Zero; break;
            case "Streams:MaxEventsPerJob": o.Streams.MaxEventsPerJob = 0; break;
            case "Streams:FinishedJobRetention": o.Streams.FinishedJobRetention = TimeSpan.FromDays(-1); break;
        }
    }
}
