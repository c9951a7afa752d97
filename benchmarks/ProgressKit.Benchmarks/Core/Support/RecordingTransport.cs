using System.Collections.Concurrent;
using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>Records every event it is asked to send (one message each); each send takes <c>latency</c> on <c>timeProvider</c>'s clock.</summary>
internal sealed class RecordingTransport(TimeSpan latency, TimeProvider timeProvider, string name = "recording") : IProgressTransport
{
    private readonly ConcurrentQueue<ProgressEvent> _sent = new();

    public string Name => name;

    public IReadOnlyList<ProgressEvent> Sent => _sent.ToArray();

    public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        _sent.Enqueue(progressEvent);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
