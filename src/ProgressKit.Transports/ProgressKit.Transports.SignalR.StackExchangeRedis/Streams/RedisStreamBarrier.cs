using ProgressKit.Events;
using ProgressKit.Streams.StackExchangeRedis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Streams;

/// <summary>
/// Holds each group send until the shared job stream log in Redis holds the event, so that a client that resumes the
/// job on any node either finds the event in the log it reads or receives it through the group it joined before
/// reading (the publisher appended the event before this send, so a flush issued now covers it).
/// </summary>
internal sealed class RedisStreamBarrier(IRedisJobStreamWriter writer) : IProgressSendBarrier
{
    public async ValueTask WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        try
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new TransportException(
                $"Event {progressEvent.Sequence} of job '{progressEvent.JobId}' is not in the shared job stream log in Redis yet, so it is not sent yet: {exception.Message}",
                TransportFailureKind.Transient,
                exception);
        }
    }
}
