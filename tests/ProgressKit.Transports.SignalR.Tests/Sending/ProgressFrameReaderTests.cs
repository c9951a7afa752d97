using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Serialization;

namespace ProgressKit.Transports.SignalR.Tests.Sending;

/// <summary>The resume gate reads the event in a message SignalR writes to a connection, whether sent on this node or carried by a backplane as bytes.</summary>
public class ProgressFrameReaderTests
{
    private static readonly IHubProtocol Json = new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));

    private static readonly ProgressEvent Event = new()
    {
        Type = ProgressEventType.Chunk, JobId = "j", Epoch = "019ae3f2c4e17f3a", Sequence = 7, KeptSequence = 5,
        Timestamp = DateTimeOffset.UnixEpoch, Status = JobStatus.Processing, Progress = 1,
    };

    [Fact]
    public void TryRead_MessageSentOnThisNode_ReadsThePreSerializedEvent()
    {
        var message = new InvocationMessage(ProgressHub.ClientMethod, [new PreSerializedJson(ProgressEventSerializer.SerializeToUtf8Bytes(Event))]);

        ProgressFrameReader.TryRead(message, null, Json).Should().BeEquivalentTo(Event);
    }

    [Fact]
    public void TryRead_JsonFrameFromABackplane_ReadsTheEvent()
    {
        var frame = Encoding.UTF8.GetBytes($"{{\"type\":1,\"target\":\"progress\",\"arguments\":[{ProgressEventSerializer.Serialize(Event)}]}}\u001e");
        var serialized = new SerializedHubMessage([new SerializedMessage("json", frame)]);

        ProgressFrameReader.TryRead(null, serialized, Json).Should().BeEquivalentTo(Event);
    }

    [Fact]
    public void TryRead_AnotherMethod_IsNotAProgressEvent()
    {
        var frame = Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"other\",\"arguments\":[{\"job_id\":\"j\"}]}\u001e");

        ProgressFrameReader.TryRead(null, new SerializedHubMessage([new SerializedMessage("json", frame)]), Json).Should().BeNull();
        ProgressFrameReader.TryRead(new InvocationMessage("other", ["x"]), null, Json).Should().BeNull();
    }
}
