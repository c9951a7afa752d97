using ProgressKit.Events;

namespace ProgressKit.Dispatch;

/// <summary>Where a <see cref="JobQueueSet"/> reports the events it gives up or merges, so the lane can count and log them.</summary>
internal interface ILaneAccounting
{
    /// <summary>An event was dropped for <paramref name="reason"/> (a <see cref="Diagnostics.DropReasons"/> value).</summary>
    void Dropped(ProgressEvent progressEvent, string reason);

    /// <summary>A waiting progress update was superseded by a newer event of its job.</summary>
    void Coalesced();
}
