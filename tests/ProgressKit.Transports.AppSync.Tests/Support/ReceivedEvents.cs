using System.Text.Json.Nodes;
using System.Threading.Channels;
using ProgressKit.Events;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.AppSync.Tests.Support;

/// <summary>Turns what an AppSync subscriber receives back into wire-format events, as the dashboard's adapter does.</summary>
public static class ReceivedEvents
{
    private static readonly string[] s_awsJsonFields = ["agent", "chunk", "results", "error", "metadata"];

    /// <summary>Parses the AWSJSON fields and drops the nulls GraphQL fills in, giving the wire-format event.</summary>
    public static ProgressEvent ToWireEvent(JsonObject data)
    {
        var wire = new JsonObject();
        foreach (var (key, value) in data)
        {
            if (value is null)
            {
                continue;
            }

            wire[key] = s_awsJsonFields.Contains(key) ? JsonNode.Parse(value.GetValue<string>()) : value.DeepClone();
        }

        return ProgressEventSerializer.Deserialize(wire.ToJsonString());
    }

    /// <summary>Reads events until the job's terminal one.</summary>
    public static async Task<List<ProgressEvent>> ReadJobAsync(ChannelReader<JsonObject> stream)
    {
        var received = new List<ProgressEvent>();
        while (received.Count == 0 || !received[^1].IsTerminal)
        {
            received.Add(ToWireEvent(await AppSyncRealtimeSubscriber.NextAsync(stream)));
        }

        return received;
    }
}
