using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProgressKit.Events;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.AppSync.GraphQL;

/// <summary>
/// Writes the body of the publishing mutation (<c>{"query": ..., "variables": ...}</c>), with the event cut down so
/// that what subscribers receive stays within the size limit.
/// </summary>
/// <remarks>
/// The default variable is the event in wire-format names, with the five object fields as AWSJSON strings; fields the
/// shipped schema does not know (a newer wire format) are left out rather than failing the mutation.
/// </remarks>
internal sealed class GraphQLRequestWriter(AppSyncTransportOptions options)
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> s_scalarFields = new(StringComparer.Ordinal)
    {
        "v", "job_id", "epoch", "seq", "kept_seq", "type", "status", "progress", "stage", "stage_progress", "message",
        "estimated_seconds_remaining", "timestamp", "user_id", "tenant_id", "correlation_id", "source", "truncated",
    };

    private static readonly HashSet<string> s_jsonFields = new(StringComparer.Ordinal) { "agent", "chunk", "results", "error", "metadata" };

    private readonly string _document = options.GraphQL.MutationDocument ?? AppSyncGraphQLOptions.DefaultMutationDocument;
    private readonly Func<ProgressEvent, JsonObject>? _variablesFactory = options.GraphQL.VariablesFactory;
    private readonly int _maxEventBytes = options.MaxEventBytes;

    /// <summary>Writes the request body for <paramref name="progressEvent"/>.</summary>
    /// <param name="progressEvent">The event.</param>
    /// <param name="fitted">The event as sent: itself, or a copy cut down to the limit.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    public byte[] Write(ProgressEvent progressEvent, out ProgressEvent fitted)
    {
        var limit = _maxEventBytes;
        var variables = new ArrayBufferWriter<byte>(1024);
        while (true)
        {
            var wire = ProgressEventSizeLimiter.Fit(progressEvent, limit, out fitted);
            variables.ResetWrittenCount();
            var payloadBytes = WriteVariables(variables, wire, fitted);

            // AWSJSON strings escape their quotes, so the payload can outgrow the wire JSON: shrink the budget by the
            // difference and cut again. The limiter's floor always fits (a bare job state is far below any limit).
            if (payloadBytes <= _maxEventBytes || limit == ProgressEventSizeLimiter.MinimumLimit)
            {
                return Compose(variables.WrittenSpan);
            }

            limit = Math.Max(ProgressEventSizeLimiter.MinimumLimit, limit - (payloadBytes - _maxEventBytes) - 256);
        }
    }

    /// <summary>Writes the variables object; returns the size of what subscribers will receive.</summary>
    private int WriteVariables(ArrayBufferWriter<byte> destination, byte[] wire, ProgressEvent fitted)
    {
        using var writer = new Utf8JsonWriter(destination, s_writerOptions);
        if (_variablesFactory is not null)
        {
            _variablesFactory(fitted).WriteTo(writer);
            writer.Flush();
            return destination.WrittenCount;
        }

        writer.WriteStartObject();
        writer.WritePropertyName("event"u8);
        writer.Flush();
        var start = destination.WrittenCount;
        WriteEventInput(writer, wire);
        writer.Flush();
        var eventBytes = destination.WrittenCount - start;
        writer.WriteEndObject();
        return eventBytes;
    }

    private static void WriteEventInput(Utf8JsonWriter writer, byte[] wire)
    {
        using var document = JsonDocument.Parse(wire);
        writer.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (s_scalarFields.Contains(property.Name))
            {
                property.WriteTo(writer);
            }
            else if (s_jsonFields.Contains(property.Name))
            {
                writer.WriteString(property.Name, property.Value.GetRawText());
            }
        }

        writer.WriteEndObject();
    }

    private byte[] Compose(ReadOnlySpan<byte> variables)
    {
        var body = new ArrayBufferWriter<byte>(variables.Length + _document.Length + 64);
        using (var writer = new Utf8JsonWriter(body, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("query"u8, _document);
            writer.WritePropertyName("variables"u8);
            writer.WriteRawValue(variables, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return body.WrittenSpan.ToArray();
    }
}
