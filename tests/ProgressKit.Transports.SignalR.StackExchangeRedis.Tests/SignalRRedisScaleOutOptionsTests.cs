using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests;

public sealed class SignalRRedisScaleOutOptionsTests
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var options = new SignalRRedisScaleOutOptions();

        options.Configuration.Should().BeNull();
        options.KeyPrefix.Should().Be("progresskit:").And.Be(SignalRRedisScaleOutOptions.DefaultKeyPrefix);
        options.OperationTimeout.Should().Be(TimeSpan.FromSeconds(5)).And.Be(SignalRRedisScaleOutOptions.DefaultOperationTimeout);
        options.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(5)).And.Be(SignalRRedisScaleOutOptions.DefaultConnectTimeout);
        options.CancellationRequestTimeToLive.Should().Be(TimeSpan.FromMinutes(10)).And.Be(SignalRRedisScaleOutOptions.DefaultCancellationRequestTimeToLive);
        SignalRRedisScaleOutOptions.MaxKeyPrefixLength.Should().Be(64);
    }

    [Fact]
    public void Validate_Defaults_RequireOnlyTheConfiguration()
    {
        var failures = Validate(_ => { });

        failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:SignalR:Redis:Configuration must be a StackExchange.Redis configuration string");
    }

    [Theory]
    [InlineData("KeyPrefix")]
    [InlineData("OperationTimeout")]
    [InlineData("ConnectTimeout")]
    [InlineData("CancellationRequestTimeToLive")]
    public void Validate_OutOfRange_NamesTheSetting(string setting)
    {
        var failures = Validate(o =>
        {
            o.Configuration = "127.0.0.1:6379";
            switch (setting)
            {
                case "KeyPrefix": o.KeyPrefix = "app{x}:"; break;
                case "OperationTimeout": o.OperationTimeout = TimeSpan.FromMilliseconds(10); break;
                case "ConnectTimeout": o.ConnectTimeout = TimeSpan.Zero; break;
                case "CancellationRequestTimeToLive": o.CancellationRequestTimeToLive = TimeSpan.FromDays(2); break;
            }
        });

        failures.Should().ContainSingle().Which.Should().StartWith($"ProgressKit:SignalR:Redis:{setting} must ");
    }

    [Fact]
    public void Validate_InvalidConfiguration_NeverQuotesIt()
    {
        var failures = Validate(o => o.Configuration = "password=s3cret-value,ssl=maybe");

        failures.Should().ContainSingle().Which.Should().StartWith("ProgressKit:SignalR:Redis:Configuration ").And.NotContain("s3cret");
    }

    [Fact]
    public void Start_WithoutConfiguration_FailsOnFirstResolve()
    {
        var services = new ServiceCollection();
        services.AddProgressKit().AddSignalRRedisScaleOut();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<SignalRRedisScaleOutOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*ProgressKit:SignalR:Redis:Configuration*");
    }

    private static List<string> Validate(Action<SignalRRedisScaleOutOptions> configure)
    {
        var options = new SignalRRedisScaleOutOptions();
        configure(options);
        var result = new SignalRRedisScaleOutOptionsValidator().Validate(null, options);
        return result.Failures?.ToList() ?? [];
    }
}
