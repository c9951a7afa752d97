using ProgressKit.Events;

namespace ProgressKit.Transports.AppSync.Events;

/// <summary>One caller's event waiting in, or sent with, a batch; completes with that event's own result.</summary>
internal sealed class PendingEvent(ProgressEvent progressEvent, byte[] json, string channel)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProgressEvent Event { get; } = progressEvent;

    /// <summary>Gets the event's wire-format JSON, already within the size limit.</summary>
    public byte[] Json { get; } = json;

    public string Channel { get; } = channel;

    public Task Completion => _completion.Task;

    /// <summary>Gets a value indicating whether the caller has its answer or stopped waiting (its attempt was cancelled).</summary>
    public bool IsDone => _completion.Task.IsCompleted;

    public void Succeed() => _completion.TrySetResult();

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
