using System.Runtime.InteropServices;
using ProgressKit.Events;

namespace ProgressKit.Streams;

/// <summary>Estimates the memory an event holds in the log, without serializing it.</summary>
internal static class JobStreamSizes
{
    // The event object, its slots in the log and the age queue, and the nullable values it holds. Strings every event of a job shares (job,
    // user, tenant, correlation id, source, metadata) are the publisher's and are not counted per event.
    public const int EventOverhead = 320;

    private const int ObjectOverhead = 48;

    public static int Estimate(ProgressEvent progressEvent)
    {
        long bytes = EventOverhead + Chars(progressEvent.Message) + Chars(progressEvent.Stage);
        if (progressEvent.Chunk is { } chunk)
        {
            bytes += ObjectOverhead + Chars(chunk.Text);
        }

        if (progressEvent.Agent is { } agent)
        {
            bytes += ObjectOverhead + Chars(agent.Name) + Chars(agent.Tool);
        }

        if (progressEvent.Error is { } error)
        {
            bytes += ObjectOverhead + Chars(error.Code) + Chars(error.Message);
        }

        if (progressEvent.Results is { ValueKind: not System.Text.Json.JsonValueKind.Undefined } results)
        {
            bytes += ObjectOverhead + JsonMarshal.GetRawUtf8Value(results).Length;
        }

        return (int)Math.Min(bytes, int.MaxValue);
    }

    private static long Chars(string? value) => value is null ? 0 : 2L * value.Length;
}
