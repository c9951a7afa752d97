using System.Text;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Serialization;
using ProgressKit.Transports.SignalR.Tests.Fakes;

namespace ProgressKit.Transports.SignalR.Tests.Sending;

public class ProgressGroupSenderTests
{
    [Fact]
    public async Task Send_JobWithoutOwner_GoesToTheJobGroupOnly()
    {
        var hub = new FakeHubContext();
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions()));

        await sender.SendAsync(Event("job-1"), CancellationToken.None);

        var send = hub.Sends.Single();
        send.Groups.Should().Equal("job:job-1");
        send.Method.Should().Be("progress");
    }

    [Fact]
    public async Task Send_OwnedJob_GoesToJobUserAndTenantGroupsAtOnce()
    {
        var hub = new FakeHubContext();
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions()));

        await sender.SendAsync(Event("job-1", userId: "alice", tenantId: "t1"), CancellationToken.None);

        hub.Sends.Single().Groups.Should().Equal("job:job-1", "user:alice", "tenant:t1");
    }

    [Fact]
    public async Task Send_Payload_IsTheSerializersBytes()
    {
        var hub = new FakeHubContext();
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions()));
        var progressEvent = Event("job-1", message: "héllo \"world\"");

        await sender.SendAsync(progressEvent, CancellationToken.None);

        var payload = hub.Sends.Single().Args.Single().Should().BeOfType<PreSerializedJson>().Subject;
        Encoding.UTF8.GetString(payload.Utf8Json).Should().Be(ProgressEventSerializer.Serialize(progressEvent));
    }

    [Fact]
    public async Task Send_ManyAtOnce_NeverExceedsMaxConcurrentSends()
    {
        var hub = new FakeHubContext { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions { MaxConcurrentSends = 3 }));

        var sends = Enumerable.Range(0, 20).Select(i => sender.SendAsync(Event($"job-{i}"), CancellationToken.None).AsTask()).ToList();
        await WaitUntilAsync(() => hub.InFlight == 3);
        var heldBack = sends.Count(t => !t.IsCompleted);
        hub.Gate.SetResult();
        await Task.WhenAll(sends);

        heldBack.Should().Be(20);
        hub.MaxInFlight.Should().Be(3);
        hub.Sends.Should().HaveCount(20);
        sender.AvailableSlots.Should().Be(3);
    }

    [Fact]
    public async Task Send_WaitingForASlot_HonoursCancellation()
    {
        var hub = new FakeHubContext { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions { MaxConcurrentSends = 1 }));
        var first = sender.SendAsync(Event("job-1"), CancellationToken.None).AsTask();
        using var cts = new CancellationTokenSource();

        var second = sender.SendAsync(Event("job-2"), cts.Token).AsTask();
        await cts.CancelAsync();

        await second.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        hub.Gate.SetResult();
        await first;
        hub.Sends.Should().ContainSingle();
        sender.AvailableSlots.Should().Be(1);
    }

    [Fact]
    public async Task Send_Failure_ReleasesTheSlot()
    {
        var hub = new FakeHubContext { Failure = new IOException("backplane down") };
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions { MaxConcurrentSends = 1 }));

        var act = () => sender.SendAsync(Event("job-1"), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<IOException>();
        sender.AvailableSlots.Should().Be(1);
    }

    [Fact]
    public async Task Send_BarrierClosed_HoldsTheSendWithoutTakingASlot()
    {
        var hub = new FakeHubContext();
        var barrier = new GateBarrier();
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions { MaxConcurrentSends = 1 }), [barrier]);

        var held = sender.SendAsync(Event("job-1"), CancellationToken.None).AsTask();
        await barrier.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        hub.Sends.Should().BeEmpty();
        sender.AvailableSlots.Should().Be(1);
        barrier.Gate.SetResult();
        await held;
        hub.Sends.Should().ContainSingle();
    }

    [Fact]
    public async Task Send_BarrierThrows_SendsNothing()
    {
        var hub = new FakeHubContext();
        var barrier = new GateBarrier { Failure = new TransportException("snapshot not stored") };
        barrier.Gate.SetResult();
        using var sender = new ProgressGroupSender(hub, Options.Create(new SignalRTransportOptions()), [barrier]);

        var act = () => sender.SendAsync(Event("job-1"), CancellationToken.None).AsTask();

        await act.Should().ThrowAsync<TransportException>();
        hub.Sends.Should().BeEmpty();
    }

    internal static ProgressEvent Event(string jobId, string? userId = null, string? tenantId = null, string? message = null) => new()
    {
        Type = ProgressEventType.ProgressUpdate,
        JobId = jobId,
        Sequence = 1,
        Timestamp = DateTimeOffset.UnixEpoch,
        Status = JobStatus.Processing,
        Progress = 10,
        UserId = userId,
        TenantId = tenantId,
        Message = message,
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
