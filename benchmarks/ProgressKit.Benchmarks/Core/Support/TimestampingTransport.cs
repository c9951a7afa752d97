using System.Diagnostics;
using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>A fast transport that notes when (Stopwatch timestamp) each event of one job reached it, by sequence number.</summary>
/// <remarks>Events of other jobs (warm-up) are accepted and ignored.</remarks>
internal sealed class TimestampingTransport(string jobId, int capacity, string name = "timestamping") : IProgressTransport
{
    private readonly long[] _receivedAt = new long[capacity + 1];

    public string Name => name;

    public long ReceivedAt(long sequence) => Volatile.Read(ref _receivedAt[sequence]);

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        if (progressEvent.Sequence < _receivedAt.Length && string.Equals(progressEvent.JobId, jobId, StringComparison.Ordinal))
        {
            Volatile.Write(ref _receivedAt[progressEvent.Sequence], now);
        }

        return ValueTask.CompletedTask;
    }
}
