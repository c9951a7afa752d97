using ProgressKit.Events;

namespace ProgressKit.Dispatch;

/// <summary>An event that a transport finally failed to deliver, handed to <see cref="ProgressKitOptions.OnDeadLetter"/>.</summary>
/// <param name="Event">The event.</param>
/// <param name="TransportName">The transport that failed.</param>
/// <param name="Exception">The last failure.</param>
public sealed record DeadLetter(ProgressEvent Event, string TransportName, Exception Exception);
