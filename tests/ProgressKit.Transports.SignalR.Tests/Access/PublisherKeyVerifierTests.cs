using Microsoft.Extensions.Options;
using ProgressKit.Transports.SignalR.Access;

namespace ProgressKit.Transports.SignalR.Tests.Access;

public class PublisherKeyVerifierTests
{
    private const string Key = "0123456789abcdef-key";

    [Theory]
    [InlineData(Key, true)]
    [InlineData("0123456789abcdef-kez", false)]
    [InlineData("0123456789abcdef-key ", false)]
    [InlineData("0123456789abcdef-ke", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Verify_ComparesTheWholeKey(string? presented, bool expected)
    {
        var verifier = Create(Key);

        verifier.IsEnabled.Should().BeTrue();
        verifier.Verify(presented).Should().Be(expected);
    }

    [Fact]
    public void Verify_WithoutAConfiguredKey_RefusesEverything()
    {
        var verifier = Create(null);

        verifier.IsEnabled.Should().BeFalse();
        verifier.Verify(Key).Should().BeFalse();
    }

    private static PublisherKeyVerifier Create(string? key)
    {
        var options = new SignalRTransportOptions();
        options.Hub.PublisherKey = key;
        return new PublisherKeyVerifier(Options.Create(options));
    }
}
