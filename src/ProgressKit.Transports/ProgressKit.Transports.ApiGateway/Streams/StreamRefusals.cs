namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>Why an event is not written to its job's item (log and metric tags; stable).</summary>
internal static class StreamRefusals
{
    /// <summary>The item holds a later epoch.</summary>
    public const string OlderEpoch = "older_epoch";

    /// <summary>The item holds this epoch at this <c>seq</c> or later.</summary>
    public const string NotAfterPosition = "not_after_position";
}
