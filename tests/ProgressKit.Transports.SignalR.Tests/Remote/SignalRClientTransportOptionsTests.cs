extern alias client;

using client::ProgressKit.Transports.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProgressKit.Transports.SignalR.Tests.Remote;

public class SignalRClientTransportOptionsTests
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var options = new SignalRClientTransportOptions();

        options.HubUrl.Should().BeNull();
        options.PublisherKey.Should().BeNull();
        options.ReconnectBaseDelay.Should().Be(TimeSpan.FromMilliseconds(500));
        options.ReconnectMaxDelay.Should().Be(TimeSpan.FromSeconds(30));
        options.MaxEventBytes.Should().Be(31 * 1024);
        options.ConfigureConnection.Should().BeNull();
    }

    [Fact]
    public void Constants_MatchTheHub()
    {
        SignalRClientTransportOptions.PublisherKeyHeaderName.Should().Be(ProgressHubOptions.PublisherKeyHeaderName);
        SignalRClientTransportOptions.PublishMethod.Should().Be(ProgressHub.PublishMethod);
        SignalRClientTransportOptions.CancelRequestMethod.Should().Be(ProgressHub.CancelRequestMethod);
        SignalRClientTransportOptions.MinimumPublisherKeyLength.Should().Be(ProgressHubOptions.MinimumPublisherKeyLength);
    }

    [Theory]
    [InlineData(null, "ProgressKit:SignalRClient:HubUrl must be an absolute http(s) URL")]
    [InlineData("/hubs/progress", "ProgressKit:SignalRClient:HubUrl must be an absolute http(s) URL")]
    [InlineData("ftp://example.com/hubs/progress", "ProgressKit:SignalRClient:HubUrl must be an absolute http(s) URL")]
    public void Validate_BadHubUrl_NamesTheSetting(string? url, string expected)
    {
        var options = Valid();
        options.HubUrl = url is null ? null : new Uri(url, UriKind.RelativeOrAbsolute);

        Validate(options).FailureMessage.Should().Contain(expected);
    }

    [Fact]
    public void Validate_OtherBadSettings_NameEachAndNeverEchoTheKey()
    {
        var options = Valid();
        options.PublisherKey = "short";
        options.ReconnectBaseDelay = TimeSpan.Zero;
        options.ReconnectMaxDelay = TimeSpan.FromHours(1);
        options.MaxEventBytes = 100;

        var result = Validate(options);

        result.Failures.Should().HaveCount(4);
        result.FailureMessage.Should().Contain("ProgressKit:SignalRClient:PublisherKey")
            .And.Contain("ProgressKit:SignalRClient:ReconnectBaseDelay")
            .And.Contain("ProgressKit:SignalRClient:ReconnectMaxDelay")
            .And.Contain("ProgressKit:SignalRClient:MaxEventBytes")
            .And.NotContain("short,");
    }

    [Fact]
    public void Validate_ValidSettings_Succeed() => Validate(Valid()).Succeeded.Should().BeTrue();

    [Fact]
    public async Task AddSignalRClientTransport_Twice_RegistersOneTransportAndValidates()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddProgressKit().AddSignalRClientTransport().AddSignalRClientTransport(o => o.MaxEventBytes = 10);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetServices<IProgressTransport>().ToList();

        act.Should().Throw<OptionsValidationException>().WithMessage("*ProgressKit:SignalRClient:HubUrl*")
            .And.Message.Should().Contain("ProgressKit:SignalRClient:MaxEventBytes");
        services.Count(d => d.ServiceType == typeof(IProgressTransport)).Should().Be(1);
    }

    private static SignalRClientTransportOptions Valid() => new()
    {
        HubUrl = new Uri("https://app.example.com/hubs/progress"),
        PublisherKey = RemoteWorker.Key,
    };

    private static ValidateOptionsResult Validate(SignalRClientTransportOptions options)
    {
        var validator = new ServiceCollection().AddProgressKit().AddSignalRClientTransport().Services
            .BuildServiceProvider().GetServices<IValidateOptions<SignalRClientTransportOptions>>().Single();
        return validator.Validate(null, options);
    }
}
