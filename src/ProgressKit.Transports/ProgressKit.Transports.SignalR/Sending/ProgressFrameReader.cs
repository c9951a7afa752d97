using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.SignalR.Serialization;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>Finds the progress event in a message SignalR is about to write to a connection.</summary>
/// <remarks>
/// A group send made on this node carries the <see cref="InvocationMessage"/> with the pre-serialized event; one carried
/// by a backplane from another process carries only its bytes in the connection's protocol, read here for the JSON
/// protocol. Any other message (another method, another protocol, unreadable) is not a progress event: it is written.
/// </remarks>
internal static class ProgressFrameReader
{
    private const byte RecordSeparator = 0x1e;

    public static ProgressEvent? TryRead(HubMessage? message, SerializedHubMessage? serialized, IHubProtocol protocol)
    {
        try
        {
            if (message is InvocationMessage invocation)
            {
                return invocation.Target == ProgressHub.ClientMethod && invocation.Arguments is [PreSerializedJson payload]
                    ? payload.Source ?? ProgressEventSerializer.Deserialize(payload.Utf8Json)
                    : null;
            }

            if (message is not null || serialized is null || protocol.Name != "json")
            {
                return null;
            }

            var frame = serialized.GetSerializedMessage(protocol);
            if (frame.Length > 0 && frame.Span[^1] == RecordSeparator)
            {
                frame = frame[..^1];
            }

            using var document = JsonDocument.Parse(frame);
            var root = document.RootElement;
            return root.TryGetProperty("target", out var target) && target.ValueEquals(ProgressHub.ClientMethod)
                && root.TryGetProperty("arguments", out var arguments) && arguments.ValueKind == JsonValueKind.Array
                && arguments.GetArrayLength() == 1 && arguments[0].ValueKind == JsonValueKind.Object
                ? ProgressEventSerializer.Deserialize(arguments[0].GetRawText())
                : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}
