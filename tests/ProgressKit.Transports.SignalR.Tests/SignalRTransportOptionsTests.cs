using System.Security.Claims;

namespace ProgressKit.Transports.SignalR.Tests;

public class SignalRTransportOptionsTests
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var options = new SignalRTransportOptions();

        options.MaxConcurrentSends.Should().Be(64).And.Be(SignalRTransportOptions.DefaultMaxConcurrentSends);
        options.Hub.AllowAnonymous.Should().BeFalse();
        options.Hub.UserIdClaimType.Should().Be(ClaimTypes.NameIdentifier);
        options.Hub.TenantIdClaimType.Should().Be("tenant_id");
        options.Hub.TenantSubscriptionRole.Should().BeNull();
        options.Hub.PublisherKey.Should().BeNull();
        ProgressHubOptions.FallbackUserIdClaimType.Should().Be("sub");
        ProgressHubOptions.PublisherKeyHeaderName.Should().Be("X-ProgressKit-Publisher-Key");
        ProgressHubOptions.MinimumPublisherKeyLength.Should().Be(16);
        ProgressHub.DefaultPattern.Should().Be("/hubs/progress");
        ProgressHub.ClientMethod.Should().Be("progress");
        ProgressHub.PublishMethod.Should().Be("Publish");
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        new SignalRTransportOptionsValidator().Validate(null, new SignalRTransportOptions()).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4097)]
    public void Validate_MaxConcurrentSendsOutOfRange_NamesTheSetting(int value)
    {
        var result = new SignalRTransportOptionsValidator().Validate(null, new SignalRTransportOptions { MaxConcurrentSends = value });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("ProgressKit:SignalR:MaxConcurrentSends must be between 1 and 4096");
    }

    [Fact]
    public void Validate_BadHubSettings_NameEachSettingAndNeverEchoTheKey()
    {
        var options = new SignalRTransportOptions();
        options.Hub.UserIdClaimType = "";
        options.Hub.TenantIdClaimType = " ";
        options.Hub.TenantSubscriptionRole = "";
        options.Hub.PublisherKey = "short-secret";

        var result = new SignalRTransportOptionsValidator().Validate(null, options);

        result.Failures.Should().HaveCount(4);
        result.FailureMessage.Should().Contain("ProgressKit:SignalR:Hub:UserIdClaimType")
            .And.Contain("ProgressKit:SignalR:Hub:TenantIdClaimType")
            .And.Contain("ProgressKit:SignalR:Hub:TenantSubscriptionRole")
            .And.Contain("ProgressKit:SignalR:Hub:PublisherKey must be null (remote publishing off) or at least 16 characters")
            .And.NotContain("short-secret");
    }
}
