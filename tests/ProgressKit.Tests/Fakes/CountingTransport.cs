using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Tests.Fakes;

/// <summary>A transport that delivers at once and only counts, for tests whose memory a list of delivered events would distort.</summary>
public sealed class CountingTransport : IProgressTransport
{
    private long _delivered;
    private long _terminal;

    public string Name => "counting";

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Terminal => Interlocked.Read(ref _terminal);

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _delivered);
        if (progressEvent.IsTerminal)
        {
            Interlocked.Increment(ref _terminal);
        }

        return ValueTask.CompletedTask;
    }
}
