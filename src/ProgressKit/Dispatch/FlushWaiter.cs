namespace ProgressKit.Dispatch;

/// <summary>One caller of <see cref="TransportLane.FlushAsync"/>, waiting for every ticket below its target.</summary>
internal sealed class FlushWaiter
{
    /// <summary>The ticket a waiter has before the lane saw its inbox empty after it registered.</summary>
    public const long NoTarget = -1;

    public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets the first ticket not owed to this waiter; every lower ticket must be settled.</summary>
    public long TargetTicket { get; set; } = NoTarget;
}
