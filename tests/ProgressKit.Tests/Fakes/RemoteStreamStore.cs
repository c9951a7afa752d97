using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Tests.Fakes;

/// <summary>A job stream store that, like a shared one, answers <see cref="GetStateAsync"/> only when the test says so and knows nothing locally.</summary>
public sealed class RemoteStreamStore : IJobStreamStore
{
    private readonly TaskCompletionSource<JobStreamState?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ProgressEvent> _appended = [];
    private int _stateReads;

    public IReadOnlyList<ProgressEvent> Appended
    {
        get
        {
            lock (_appended)
            {
                return [.. _appended];
            }
        }
    }

    /// <summary>Gets how many times <see cref="GetStateAsync"/> was called (each a read of the shared store).</summary>
    public int StateReads => Volatile.Read(ref _stateReads);

    public void Answer(JobStreamState? state) => _answer.TrySetResult(state);

    public void Fail(Exception exception) => _answer.TrySetException(exception);

    public void Append(ProgressEvent progressEvent)
    {
        lock (_appended)
        {
            _appended.Add(progressEvent);
        }
    }

    public ValueTask<JobStreamState?> GetStateAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _stateReads);
        return new ValueTask<JobStreamState?>(_answer.Task);
    }

    public JobStreamState? GetLocalState(string jobId) => null;

    public ValueTask<JobResumeResult> ReadAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(JobResumeResult.UnknownJob);
}
