using System.Collections.Concurrent;
using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Tests.Fakes;

/// <summary>
/// A scriptable transport: by default it delivers at once; <see cref="Behavior"/> makes it throw, fault, hang or be
/// slow; <see cref="Hold"/> blocks every send until <see cref="Release"/>. Waiters are signalled on each delivery.
/// </summary>
public sealed class FakeTransport(string name = "fake") : IProgressTransport
{
    private readonly ConcurrentQueue<ProgressEvent> _delivered = new();
    private readonly ConcurrentDictionary<(string, long), int> _attempts = new();
    private readonly object _waitersGate = new();
    private readonly List<(Func<IReadOnlyList<ProgressEvent>, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private TaskCompletionSource _gate = CompletedGate();
    private int _totalAttempts;

    public string Name { get; } = name;

    /// <summary>Runs before delivery with the event and its attempt number (1-based); throw or await to simulate failures.</summary>
    public Func<ProgressEvent, int, CancellationToken, ValueTask>? Behavior { get; set; }

    public IReadOnlyList<ProgressEvent> Delivered => _delivered.ToArray();

    public int TotalAttempts => Volatile.Read(ref _totalAttempts);

    public int AttemptsFor(ProgressEvent e) => _attempts.TryGetValue((e.JobId, e.Sequence), out var n) ? n : 0;

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _totalAttempts);
        var attempt = _attempts.AddOrUpdate((progressEvent.JobId, progressEvent.Sequence), 1, static (_, n) => n + 1);
        await _gate.Task.WaitAsync(cancellationToken);
        if (Behavior is { } behavior)
        {
            await behavior(progressEvent, attempt, cancellationToken);
        }

        _delivered.Enqueue(progressEvent);
        CheckWaiters();
    }

    /// <summary>Completes when the delivered events satisfy <paramref name="condition"/>.</summary>
    public Task WaitForAsync(Func<IReadOnlyList<ProgressEvent>, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate)
        {
            _waiters.Add((condition, done));
        }

        CheckWaiters();
        return done.Task.WaitAsync(TestTimeouts.Signal);
    }

    private void CheckWaiters()
    {
        var delivered = Delivered;
        lock (_waitersGate)
        {
            _waiters.RemoveAll(w =>
            {
                if (!w.Condition(delivered))
                {
                    return false;
                }

                w.Done.TrySetResult();
                return true;
            });
        }
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
