using ProgressKit.Events;

namespace ProgressKit.Dispatch;

/// <summary>An event waiting in a lane, with the lane-local ticket that flushes wait on.</summary>
internal readonly record struct LaneItem(ProgressEvent Event, long Ticket);
