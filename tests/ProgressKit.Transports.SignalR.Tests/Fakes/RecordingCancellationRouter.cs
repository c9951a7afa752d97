using System.Collections.Concurrent;

namespace ProgressKit.Transports.SignalR.Tests.Fakes;

/// <summary>An <see cref="IProgressCancellationRouter"/> standing in for a scale-out one: records requests, answers or throws as told.</summary>
public sealed class RecordingCancellationRouter : IProgressCancellationRouter
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public bool Answer { get; set; } = true;

    public Exception? Failure { get; set; }

    public ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken)
    {
        Requests.Enqueue(jobId);
        return Failure is { } failure ? ValueTask.FromException<bool>(failure) : ValueTask.FromResult(Answer);
    }
}
