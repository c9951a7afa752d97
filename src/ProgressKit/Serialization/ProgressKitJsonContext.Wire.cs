using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProgressKit.Serialization;

internal sealed partial class ProgressKitJsonContext
{
    private static ProgressKitJsonContext? s_wire;

    /// <summary>
    /// The context the wire format is written with: the generated metadata plus relaxed escaping, so that non-ASCII
    /// text is written as UTF-8 (one to four bytes) instead of <c>\uXXXX</c> escapes (six bytes per character), which
    /// matters against transports' payload limits. The output is JSON for JSON parsers, never embedded in HTML.
    /// </summary>
    public static ProgressKitJsonContext Wire => s_wire ??= CreateWire();

    private static ProgressKitJsonContext CreateWire()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return new ProgressKitJsonContext(options);
    }
}
