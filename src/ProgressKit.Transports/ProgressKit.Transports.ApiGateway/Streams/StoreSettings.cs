using ProgressKit.Streams;

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>What the DynamoDB job stream store reads from the options, resolved once.</summary>
/// <param name="Bounds">The stream's bounds (<see cref="ProgressKitOptions.Streams"/>).</param>
/// <param name="Store">The store's own settings.</param>
/// <param name="JobsTableName">The registry's jobs table.</param>
/// <param name="JobTimeToLive">How long a job's item lives after its newest event (its <c>expires_at</c>).</param>
/// <param name="MaxEventBytes">The message limit events are fitted to before they are stored, as clients receive them.</param>
/// <param name="ItemClock">The registry's clock, for <c>expires_at</c>.</param>
/// <param name="Clock">The core's clock, for retry delays and timeouts.</param>
internal sealed record StoreSettings(
    JobStreamStoreOptions Bounds,
    DynamoDbJobStreamStoreOptions Store,
    string JobsTableName,
    TimeSpan JobTimeToLive,
    int MaxEventBytes,
    TimeProvider ItemClock,
    TimeProvider Clock)
{
    public static StoreSettings From(ProgressKitOptions core, ApiGatewayTransportOptions apiGateway) => new(
        core.Streams,
        apiGateway.StreamStore,
        apiGateway.Registry.JobsTableName,
        apiGateway.Registry.JobTimeToLive,
        apiGateway.MaxEventBytes,
        apiGateway.TimeProvider,
        core.TimeProvider);
}
