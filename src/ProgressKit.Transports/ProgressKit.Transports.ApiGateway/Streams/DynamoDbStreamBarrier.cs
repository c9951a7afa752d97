using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.FanOut;

namespace ProgressKit.Transports.ApiGateway.Streams;

/// <summary>
/// Holds each send until the job's item in DynamoDB holds the event (the store's write of it, which also returns the
/// job's subscription version), as the Redis scale-out's send barrier does for its shared log.
/// </summary>
/// <remarks>
/// Bounded by <see cref="DynamoDbJobStreamStoreOptions.OperationTimeout"/>: past it, or when the store gave up the
/// write, the send fails as a transient <see cref="TransportException"/> and the dispatcher retries it.
/// </remarks>
internal sealed class DynamoDbStreamBarrier(DynamoDbJobStreamStore store, TimeSpan timeout, TimeProvider timeProvider) : IStreamWriteBarrier
{
    public async ValueTask<long> WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        using var bound = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        try
        {
            return await store.FlushAsync(progressEvent.JobId, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = bound.IsCancellationRequested ? $"not written within {timeout.TotalMilliseconds} ms" : exception.Message;
            throw new TransportException(
                $"Event {progressEvent.Sequence} of job '{progressEvent.JobId}' could not be stored in DynamoDB (the job stream store), so it is not sent yet: {reason}",
                TransportFailureKind.Transient,
                exception);
        }
    }
}
