using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.SignalR.Tests.Fakes;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

public partial class ProgressHubTests
{
    private const string PublisherKey = "test-publisher-key-0123456789";

    [Fact]
    public async Task Publish_WithTheKey_RecordsTheSnapshotAndReachesSubscribers()
    {
        await using var server = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = PublisherKey);
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var worker = await server.ConnectAsync(publisherKey: PublisherKey);
        await alice.SubscribeToMyJobsAsync();

        await worker.Connection.InvokeAsync(ProgressHub.PublishMethod, Element(RemoteEvent("remote-1", 1, ProgressEventType.JobStarted)));
        await worker.Connection.InvokeAsync(ProgressHub.PublishMethod, Element(RemoteEvent("remote-1", 2, ProgressEventType.JobComplete)));
        var received = await alice.WaitForTerminalAsync("remote-1");

        received.Select(e => e.Sequence).Should().Equal(1, 2);
        (await server.StateStore.GetAsync("remote-1"))!.Type.Should().Be(ProgressEventType.JobComplete);
        (await alice.RequestStatusAsync("remote-1"))!.Sequence.Should().Be(2);
    }

    [Fact]
    public async Task Publish_AppendsEachEventToTheStreamStoreOnce()
    {
        CountingJobStreamStore? streams = null;
        await using var server = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = PublisherKey, builder: kit => CountingJobStreamStore.Register(kit, s => streams = s));
        await using var worker = await server.ConnectAsync(publisherKey: PublisherKey);

        await worker.Connection.InvokeAsync(ProgressHub.PublishMethod, Element(RemoteEvent("remote-once", 1, ProgressEventType.JobStarted)));
        await worker.Connection.InvokeAsync(ProgressHub.PublishMethod, Element(RemoteEvent("remote-once", 2, ProgressEventType.JobComplete)));

        streams!.Appends("remote-once").Should().Be(2, "the snapshot store is the stream store's view, which the append already updated");
        (await server.StateStore.GetAsync("remote-once"))!.Sequence.Should().Be(2);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong")]
    [InlineData("test-publisher-key-012345678")]
    public async Task Publish_WithoutTheRightKey_IsRefusedAndNothingIsSent(string? key)
    {
        await using var server = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = PublisherKey);
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var impostor = await server.ConnectAsync(publisherKey: key);
        await alice.SubscribeToMyJobsAsync();

        var act = () => impostor.Connection.InvokeAsync(ProgressHub.PublishMethod, Element(RemoteEvent("forged", 1, ProgressEventType.JobComplete)));

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        (await server.StateStore.GetAsync("forged")).Should().BeNull();
        await AssertUsableAsync(server, alice, "alice");
        alice.Events.Should().NotContain(e => e.JobId == "forged");
    }

    [Fact]
    public async Task Publish_WhenNoKeyIsConfigured_IsRefused()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var worker = await server.ConnectAsync(publisherKey: PublisherKey);

        var act = () => worker.Connection.InvokeAsync(ProgressHub.PublishMethod, Element(RemoteEvent("off-1", 1, ProgressEventType.JobStarted)));

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: Remote publishing is off*");
    }

    [Theory]
    [InlineData("""{"v":2,"type":"job_started","job_id":"m-1","seq":1,"timestamp":"2026-01-01T00:00:00.000Z","status":"processing","progress":0}""")]
    [InlineData("""{"v":1,"type":"job_started","job_id":"bad id","seq":1,"timestamp":"2026-01-01T00:00:00.000Z","status":"processing","progress":0}""")]
    [InlineData("""{"v":1,"type":"no_such_type","job_id":"m-1","seq":1,"timestamp":"2026-01-01T00:00:00.000Z","status":"processing","progress":0}""")]
    [InlineData("""{"v":1,"type":"job_started","job_id":"m-1"}""")]
    [InlineData("\"just a string\"")]
    public async Task Publish_MalformedEvent_IsRefusedAndConnectionStaysUsable(string json)
    {
        await using var server = await TestHubServer.StartAsync(o => o.Hub.PublisherKey = PublisherKey);
        await using var worker = await server.ConnectAsync(publisherKey: PublisherKey);

        var act = () => worker.Connection.InvokeAsync(ProgressHub.PublishMethod, JsonDocument.Parse(json).RootElement);

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: malformed_message: *");
        await worker.Connection.InvokeAsync(ProgressHub.PublishMethod, Element(RemoteEvent("m-ok", 1, ProgressEventType.JobStarted)));
        (await server.StateStore.GetAsync("m-ok")).Should().NotBeNull();
    }

    private static ProgressEvent RemoteEvent(string jobId, long seq, ProgressEventType type) => new()
    {
        Type = type,
        JobId = jobId,
        Sequence = seq,
        Timestamp = DateTimeOffset.UtcNow,
        Status = type.IsTerminal() ? JobStatus.Completed : JobStatus.Processing,
        Progress = type.IsTerminal() ? 100 : 0,
        UserId = "alice",
        Source = "remote-worker",
    };

    private static JsonElement Element(ProgressEvent progressEvent) =>
        JsonDocument.Parse(ProgressEventSerializer.Serialize(progressEvent)).RootElement;
}
