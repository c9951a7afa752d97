using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Options;

/// <summary>AddProgressKit on a bare service collection (the Lambda case) must never silence the application's logs.</summary>
public class LoggingRegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AppLogsAndProgressKitLogsReachTheAppsProvider_WhicheverIsRegisteredFirst(bool progressKitFirst)
    {
        var services = new ServiceCollection();
        if (progressKitFirst)
        {
            services.AddProgressKit();
            services.AddFakeLogging();
        }
        else
        {
            services.AddFakeLogging();
            services.AddProgressKit();
        }

        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ILogger<LoggingRegistrationTests>>().LogWarning("app line");
        provider.GetRequiredService<IProgressPublisher>().PublishStage("job-1", "work");

        var records = provider.GetFakeLogCollector().GetSnapshot();
        records.Should().Contain(r => r.Message == "app line" && r.Category == typeof(LoggingRegistrationTests).FullName);
        records.Should().Contain(r => r.Id.Id == 1001, "ProgressKit's own no-transport warning reaches the app's provider too");
    }

    [Fact]
    public async Task WithoutAnyLogging_ProgressKitStillResolvesAndPublishes()
    {
        var transport = new FakeTransport();
        var services = new ServiceCollection();
        services.AddProgressKit().AddTransport(_ => transport);
        await using var provider = services.BuildServiceProvider();

        provider.GetService<ILoggerFactory>().Should().BeNull("ProgressKit registers no logger factory of its own");
        provider.GetRequiredService<IProgressPublisher>().PublishStage("job-1", "work");
        (await provider.GetRequiredService<IProgressPublisher>().FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Should().ContainSingle();
    }
}
