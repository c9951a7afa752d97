using System.Text.Json.Serialization;

namespace ProgressKit.Events.Control;

/// <summary><c>{"type":"error","code":...,"message":...}</c>: a refused or malformed request; nothing else changed.</summary>
/// <param name="Code">A stable code from <see cref="ControlErrorCodes"/>.</param>
/// <param name="Message">A human-readable explanation.</param>
/// <param name="JobId">The job the request named, when it named a valid one.</param>
public sealed record ErrorReply(
    [property: JsonPropertyOrder(1)] string Code,
    [property: JsonPropertyOrder(2)] string Message,
    [property: JsonPropertyOrder(3)] string? JobId = null)
{
    /// <summary>Gets the reply type, always <see cref="ControlReplyTypes.Error"/>.</summary>
    [JsonPropertyOrder(0)]
#pragma warning disable CA1822 // An instance property, so that the serializer writes it.
    public string Type => ControlReplyTypes.Error;
#pragma warning restore CA1822
}
