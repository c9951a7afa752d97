using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Streams.StackExchangeRedis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Streams;

/// <summary>
/// Holds each group send until the shared job stream log in Redis holds the event, so that a client that resumes the
/// job, subscribes or asks for its status on any node either finds the event in the store it reads or receives it
/// through the group it joined before reading (the publisher appended the event before this send, so a flush issued
/// now covers it).
/// </summary>
/// <remarks>
/// The wait is bounded by the store's <see cref="RedisJobStreamStoreOptions.OperationTimeout"/>, as any Redis command:
/// while Redis is away the store's writer retries without end, and the send fails as a transient
/// <see cref="TransportException"/> (the dispatcher retries it) rather than waiting out the attempt's own timeout.
/// </remarks>
internal sealed class RedisStreamBarrier(
    IRedisJobStreamWriter writer,
    IOptions<RedisJobStreamStoreOptions> options,
    IOptions<ProgressKitOptions> progressKitOptions) : IProgressSendBarrier
{
    private readonly TimeSpan _timeout = options.Value.OperationTimeout;
    private readonly TimeProvider _timeProvider = progressKitOptions.Value.TimeProvider;

    public async ValueTask WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        using var bound = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        try
        {
            await writer.FlushAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = bound.IsCancellationRequested ? $"not written within {_timeout.TotalMilliseconds} ms" : exception.Message;
            throw new TransportException(
                $"Event {progressEvent.Sequence} of job '{progressEvent.JobId}' could not be stored in Redis (the shared job stream log), so it is not sent yet: {reason}",
                TransportFailureKind.Transient,
                exception);
        }
    }
}
