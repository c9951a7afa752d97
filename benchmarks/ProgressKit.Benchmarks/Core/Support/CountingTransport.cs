using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>The fastest transport possible: completes every send synchronously and counts it.</summary>
/// <remarks>Call <see cref="Expect"/> before a burst to await the moment the burst's last event arrives.</remarks>
internal sealed class CountingTransport(string name = "in-memory") : IProgressTransport
{
    private long _count;
    private long _target = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => name;

    public long Count => Volatile.Read(ref _count);

    /// <summary>Restarts the count and returns a task that completes when <paramref name="count"/> sends arrived.</summary>
    /// <remarks>Call it only while nothing is being sent.</remarks>
    public Task Expect(long count)
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _count, 0);
        Volatile.Write(ref _target, count);
        return _reached.Task;
    }

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _count) == Volatile.Read(ref _target))
        {
            _reached.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }
}
