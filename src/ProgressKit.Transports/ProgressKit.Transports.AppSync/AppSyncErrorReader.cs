using System.Text;
using System.Text.Json;

namespace ProgressKit.Transports.AppSync;

/// <summary>Reads the failure in an AppSync answer: an <c>errors</c> array (GraphQL answers it even with 200) or an error status.</summary>
internal static class AppSyncErrorReader
{
    private const int MaxDescriptionLength = 600;

    /// <summary>Returns the failure an answer reports, or <see langword="null"/> when the mutation succeeded.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The answer's body.</param>
    /// <returns>The failure's kind and a description (AppSync's messages, never credentials).</returns>
    public static (TransportFailureKind Kind, string Description)? GetFailure(int statusCode, ReadOnlySpan<byte> body)
    {
        var success = statusCode is >= 200 and < 300;
        JsonDocument? document = null;
        try
        {
            try
            {
                document = body.IsEmpty ? null : JsonDocument.Parse(body.ToArray());
            }
            catch (JsonException)
            {
                document = null;
            }

            var root = document?.RootElement;
            if (root is { ValueKind: JsonValueKind.Object } obj)
            {
                if (obj.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                {
                    var kind = ClassifyErrors(errors);
                    return (success || statusCode == 400 ? kind : AppSyncFailures.Worst(kind, AppSyncFailures.ClassifyStatus(statusCode)), Describe(errors));
                }

                // A request the server could not parse at all (the simulator answers syntax errors this way): the
                // document is the transport's own, so every event would fail alike.
                if (obj.TryGetProperty("errorMessage", out var errorMessage))
                {
                    return (success ? TransportFailureKind.Configuration : AppSyncFailures.ClassifyStatus(statusCode), Clip(errorMessage.ToString()));
                }
            }

            if (success)
            {
                return null;
            }

            return (AppSyncFailures.ClassifyStatus(statusCode), Clip(Encoding.UTF8.GetString(body)));
        }
        finally
        {
            document?.Dispose();
        }
    }

    private static TransportFailureKind ClassifyErrors(JsonElement errors)
    {
        TransportFailureKind? kind = null;
        foreach (var error in errors.EnumerateArray())
        {
            var type = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("errorType", out var t) ? t.ToString() : null;
            var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.ToString() : error.ToString();
            kind = AppSyncFailures.Worst(kind, AppSyncFailures.ClassifyError(type, message));
        }

        return kind ?? TransportFailureKind.Permanent;
    }

    private static string Describe(JsonElement errors)
    {
        var builder = new StringBuilder();
        foreach (var error in errors.EnumerateArray())
        {
            if (builder.Length > 0)
            {
                builder.Append("; ");
            }

            if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("errorType", out var type))
            {
                builder.Append(type.ToString()).Append(": ");
            }

            builder.Append(error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message.ToString() : error.ToString());
        }

        return Clip(builder.ToString());
    }

    private static string Clip(string text) => text.Length <= MaxDescriptionLength ? text : string.Concat(text.AsSpan(0, MaxDescriptionLength), "...");
}
