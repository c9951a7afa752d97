extern alias client;

using System.Net.WebSockets;
using client::ProgressKit.Transports.SignalR.Client;
using client::ProgressKit.Transports.SignalR.Client.Connection;
using Microsoft.AspNetCore.SignalR;

namespace ProgressKit.Transports.SignalR.Tests.Remote;

public class SignalRClientFailureClassifierTests
{
    public static TheoryData<Exception, TransportFailureKind> Failures => new()
    {
        { new HubException("An unexpected error occurred invoking 'Publish' on the server. HubException: forbidden: no key"), TransportFailureKind.Configuration },
        { new HubException("An unexpected error occurred invoking 'Publish' on the server. HubException: unauthenticated: sign in"), TransportFailureKind.Configuration },
        { new HubException("An unexpected error occurred invoking 'Publish' on the server. HubException: malformed_message: bad"), TransportFailureKind.Permanent },
        { new HubException("An unexpected error occurred invoking 'Publish' on the server. HubException: internal_error: retry"), TransportFailureKind.Transient },
        { new HubException("An unexpected error occurred invoking 'Publish' on the server."), TransportFailureKind.Transient },
        { new InvalidOperationException("The 'InvokeCoreAsync' method cannot be called if the connection is not active"), TransportFailureKind.Transient },
        { new TaskCanceledException("Invocation canceled due to the underlying connection being closed."), TransportFailureKind.Transient },
        { new WebSocketException("reset"), TransportFailureKind.Transient },
        { new IOException("broken pipe"), TransportFailureKind.Transient },
        { new System.Text.Json.JsonException("cannot write"), TransportFailureKind.Permanent },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_MapsHubRefusalsAndConnectionLoss(Exception exception, TransportFailureKind expected) =>
        SignalRClientFailureClassifier.ToTransportException(exception).Kind.Should().Be(expected);

    [Fact]
    public void Backoff_GrowsWithJitterUpToTheMaximum()
    {
        var policy = new BackoffRetryPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        for (var i = 0; i < 50; i++)
        {
            policy.Delay(0).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(50)).And.BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(100));
            policy.Delay(3).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400)).And.BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(800));
            policy.Delay(1000).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
        }
    }
}
