using System.Text.Json;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Tests.Fakes;

namespace ProgressKit.Transports.SignalR.Tests.Sending;

public class SignalRProgressTransportTests
{
    public static TheoryData<Exception, TransportFailureKind> Failures => new()
    {
        { new IOException("backplane connection lost"), TransportFailureKind.Transient },
        { new TimeoutException("backplane timeout"), TransportFailureKind.Transient },
        { new InvalidOperationException("backplane not connected"), TransportFailureKind.Transient },
        { new ObjectDisposedException("lifetime manager"), TransportFailureKind.Transient },
        { new OperationCanceledException("not ours"), TransportFailureKind.Transient },
        { new JsonException("cannot serialize"), TransportFailureKind.Permanent },
        { new NotSupportedException("protocol"), TransportFailureKind.Permanent },
    };

    [Fact]
    public void Name_IsSignalr()
    {
        using var sender = new ProgressGroupSender(new FakeHubContext(), Options.Create(new SignalRTransportOptions()));

        new SignalRProgressTransport(sender).Name.Should().Be("signalr");
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Send_HubThrows_MapsToTransportExceptionKind(Exception failure, TransportFailureKind expected)
    {
        using var sender = new ProgressGroupSender(new FakeHubContext { Failure = failure }, Options.Create(new SignalRTransportOptions()));
        var transport = new SignalRProgressTransport(sender);

        var act = () => transport.SendAsync(ProgressGroupSenderTests.Event("job-1"), CancellationToken.None).AsTask();

        var thrown = (await act.Should().ThrowAsync<TransportException>()).Which;
        thrown.Kind.Should().Be(expected);
        thrown.InnerException.Should().BeSameAs(failure);
    }

    [Fact]
    public async Task Send_AttemptCancelled_PropagatesCancellation()
    {
        var hub = new FakeHubContext { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions { MaxConcurrentSends = 1 }));
        var transport = new SignalRProgressTransport(sender);
        var blocking = transport.SendAsync(ProgressGroupSenderTests.Event("job-1"), CancellationToken.None).AsTask();
        using var cts = new CancellationTokenSource();

        var waiting = transport.SendAsync(ProgressGroupSenderTests.Event("job-2"), cts.Token).AsTask();
        await cts.CancelAsync();

        await waiting.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        hub.Gate.SetResult();
        await blocking;
    }
}
