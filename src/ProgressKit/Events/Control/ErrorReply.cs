using System.Text.Json.Serialization;

namespace ProgressKit.Events.Control;

/// <summary><c>{"type":"error","code":...,"message":...}</c>: a refused or malformed request; nothing else changed.</summary>
public sealed class ErrorReply
{
    /// <summary>Initializes a new reply.</summary>
    /// <param name="code">A stable code from <see cref="ControlErrorCodes"/>.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <param name="jobId">The job the request named, when it named a valid one.</param>
    public ErrorReply(string code, string message, string? jobId = null)
    {
        Code = code;
        Message = message;
        JobId = jobId;
    }

    /// <summary>Gets the stable code from <see cref="ControlErrorCodes"/>.</summary>
    [JsonPropertyOrder(1)]
    public string Code { get; }

    /// <summary>Gets the human-readable explanation.</summary>
    [JsonPropertyOrder(2)]
    public string Message { get; }

    /// <summary>Gets the job the request named, when it named a valid one.</summary>
    [JsonPropertyOrder(3)]
    public string? JobId { get; }

    /// <summary>Gets the reply type, always <see cref="ControlReplyTypes.Error"/>.</summary>
    [JsonPropertyOrder(0)]
#pragma warning disable CA1822 // An instance property, so that the serializer writes it.
    public string Type => ControlReplyTypes.Error;
#pragma warning restore CA1822
}
