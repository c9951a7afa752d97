using ProgressKit.Events;
using ProgressKit.Transports;

namespace ProgressKit.Samples.Tests.Fakes;

/// <summary>A transport that records every event in order and lets a test await an event that matches a condition.</summary>
public sealed class RecordingTransport : IProgressTransport
{
    private readonly Lock _gate = new();
    private readonly List<ProgressEvent> _sent = [];
    private readonly List<(Func<ProgressEvent, bool> Match, TaskCompletionSource<ProgressEvent> Signal)> _waiters = [];

    public string Name => "recording";

    public IReadOnlyList<ProgressEvent> SentFor(string jobId)
    {
        lock (_gate)
        {
            return [.. _sent.Where(e => e.JobId == jobId)];
        }
    }

    public ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add(progressEvent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(progressEvent))
                {
                    _waiters[i].Signal.TrySetResult(progressEvent);
                    _waiters.RemoveAt(i);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for the first event (already sent or still to come) that matches.</summary>
    public Task<ProgressEvent> WaitForAsync(Func<ProgressEvent, bool> match, TimeSpan? timeout = null)
    {
        var signal = new TaskCompletionSource<ProgressEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_sent.FirstOrDefault(match) is { } sent)
            {
                return Task.FromResult(sent);
            }

            _waiters.Add((match, signal));
        }

        return signal.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits for the job's terminal event and returns all of the job's events.</summary>
    public async Task<IReadOnlyList<ProgressEvent>> WaitForEndAsync(string jobId, TimeSpan? timeout = null)
    {
        await WaitForAsync(e => e.JobId == jobId && e.IsTerminal, timeout);
        return SentFor(jobId);
    }
}
