using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>A transport whose every send takes <c>delay</c>, like a network round trip; counts completed sends.</summary>
internal sealed class DelayTransport(TimeSpan delay, string name = "delay-1ms") : IProgressTransport
{
    private long _count;

    public string Name => name;

    public long Count => Volatile.Read(ref _count);

    public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _count);
    }
}
