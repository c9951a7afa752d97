using System.Threading.Channels;
using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>
/// The hand-rolled alternative to the dispatcher: a bounded <see cref="Channel{T}"/> written with <c>TryWrite</c>
/// (dropping when full) and one reader loop that calls the transport inline and, when the channel is empty, parks
/// in <c>WaitToReadAsync</c> until a writer wakes it. No per-job order across transports, no coalescing, no retries.
/// </summary>
internal sealed class RawChannelPump : IAsyncDisposable
{
    private readonly Channel<ProgressEvent> _channel;
    private readonly IProgressTransport _transport;
    private readonly Task _reader;
    private long _dropped;

    public RawChannelPump(IProgressTransport transport, int capacity)
    {
        _transport = transport;
        _channel = Channel.CreateBounded<ProgressEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _reader = Task.Run(ReadAsync);
    }

    public long Dropped => Volatile.Read(ref _dropped);

    public void Write(ProgressEvent progressEvent)
    {
        if (!_channel.Writer.TryWrite(progressEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _reader.ConfigureAwait(false);
    }

    private async Task ReadAsync()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var progressEvent))
            {
                await _transport.SendAsync(progressEvent, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
