using ProgressKit.Benchmarks.Shared;

namespace ProgressKit.Benchmarks.SignalR.Support;

/// <summary>
/// Where the publisher notes when it published each (job, seq) and the clients note each delivery: counts them,
/// signals when the expected number arrived, and keeps publish-to-receive latencies without locks.
/// </summary>
internal sealed class DeliveryRecorder
{
    private readonly long[][] _sentAt;
    private long[] _latencies = [];
    private long _delivered;
    private long _expected;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeliveryRecorder(int jobs, int maxSeq)
    {
        _sentAt = new long[jobs][];
        for (var i = 0; i < jobs; i++)
        {
            _sentAt[i] = new long[maxSeq + 1];
        }
    }

    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Starts counting a new measurement that expects <paramref name="expected"/> deliveries.</summary>
    public Task Expect(long expected, bool keepLatencies)
    {
        _latencies = keepLatencies ? new long[expected] : [];
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _delivered, 0);
        Volatile.Write(ref _expected, expected);
        return _done.Task;
    }

    public void Sent(int job, long seq, long timestamp) => _sentAt[job][seq] = timestamp;

    public void Received(int job, long seq, long timestamp)
    {
        var index = Interlocked.Increment(ref _delivered) - 1;
        var latencies = _latencies;
        if (index < latencies.Length && seq < _sentAt[job].Length)
        {
            latencies[index] = timestamp - _sentAt[job][seq];
        }

        if (index + 1 == Volatile.Read(ref _expected))
        {
            _done.TrySetResult();
        }
    }

    public LatencySamples Latencies()
    {
        var count = (int)Math.Min(Delivered, _latencies.Length);
        var samples = new LatencySamples(count);
        for (var i = 0; i < count; i++)
        {
            samples.Add(_latencies[i]);
        }

        return samples;
    }
}
