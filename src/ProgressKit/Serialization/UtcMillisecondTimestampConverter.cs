using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProgressKit.Serialization;

/// <summary>Writes timestamps as UTC ISO 8601 with exactly three fractional digits, e.g. <c>2026-11-24T06:37:12.123Z</c>.</summary>
/// <remarks>The default converter writes seven digits and an offset; wire format v1 fixes one shape for every client.</remarks>
internal sealed class UtcMillisecondTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[24];
        value.UtcDateTime.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
