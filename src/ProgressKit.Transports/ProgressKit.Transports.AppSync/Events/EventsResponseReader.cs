using System.Text.Json;

namespace ProgressKit.Transports.AppSync.Events;

/// <summary>
/// Reads the per-event result of a publish answer, as AWS documents it: <c>{"successful": [{"identifier", "index"}],
/// "failed": [{"identifier", "index", "errorCode", "errorMessage"}]}</c>. A 200 can still contain failures.
/// </summary>
internal static class EventsResponseReader
{
    /// <summary>Returns, for each event index of the request, <see langword="null"/> for success or the failure.</summary>
    /// <param name="body">The 2xx answer's body.</param>
    /// <param name="count">How many events the request carried.</param>
    /// <returns>One entry per event.</returns>
    public static EventFailure?[] Read(ReadOnlySpan<byte> body, int count)
    {
        var results = new EventFailure?[count];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            // A 2xx that is not AppSync's shape (a proxy, say): the request was accepted, and nothing says otherwise.
            return results;
        }

        using (document)
        {
            var root = document.RootElement;
            var successful = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("successful", out var s) && s.ValueKind == JsonValueKind.Array ? s : default;
            var failed = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("failed", out var f) && f.ValueKind == JsonValueKind.Array ? f : default;
            if (successful.ValueKind == JsonValueKind.Undefined && failed.ValueKind == JsonValueKind.Undefined)
            {
                return results;
            }

            var seen = new bool[count];
            if (successful.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in successful.EnumerateArray())
                {
                    if (TryGetIndex(entry, count, out var index))
                    {
                        seen[index] = true;
                    }
                }
            }

            if (failed.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in failed.EnumerateArray())
                {
                    if (TryGetIndex(entry, count, out var index))
                    {
                        seen[index] = true;
                        results[index] = ReadFailure(entry);
                    }
                }
            }

            for (var i = 0; i < count; i++)
            {
                if (!seen[i])
                {
                    results[i] = new EventFailure(TransportFailureKind.Transient, null, "AppSync's answer listed the event neither as successful nor as failed.");
                }
            }
        }

        return results;
    }

    private static bool TryGetIndex(JsonElement entry, int count, out int index)
    {
        index = -1;
        return entry.ValueKind == JsonValueKind.Object
            && entry.TryGetProperty("index", out var value)
            && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out index)
            && index >= 0 && index < count;
    }

    private static EventFailure ReadFailure(JsonElement entry)
    {
        int? code = null;
        if ((entry.TryGetProperty("errorCode", out var c) || entry.TryGetProperty("code", out c))
            && (c.ValueKind == JsonValueKind.Number ? c.TryGetInt32(out var n) : int.TryParse(c.GetString(), out n)))
        {
            code = n;
        }

        string? message = entry.TryGetProperty("errorMessage", out var m) || entry.TryGetProperty("message", out m) ? m.ToString() : null;
        TransportFailureKind kind;
        if (code is { } status)
        {
            kind = AppSyncFailures.ClassifyStatus(status);
        }
        else
        {
            // No code: retry (bounded by the dispatcher) unless the message says the caller is not allowed.
            kind = AppSyncFailures.ClassifyError(null, message) == TransportFailureKind.Configuration
                ? TransportFailureKind.Configuration
                : TransportFailureKind.Transient;
        }

        return new EventFailure(kind, code, message);
    }
}
