using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.Tests.Fakes;

/// <summary>An <see cref="IProgressSendBarrier"/> that records what it was asked and lets events pass when its gate opens, or throws.</summary>
public sealed class GateBarrier : IProgressSendBarrier
{
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Failure { get; set; }

    public async ValueTask WaitAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        Asked.TrySetResult();
        await Gate.Task.WaitAsync(cancellationToken);
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
