namespace ProgressKit.Jobs;

/// <summary>
/// The part of a publish that differs per method: applies the change to the job's state under the job's lock and says
/// what the event carries, or <see langword="null"/> to publish nothing (a no-op such as starting a started job).
/// </summary>
/// <typeparam name="TState">The method's arguments, passed as state so that the delegate can be static (no closure).</typeparam>
/// <param name="job">The job's state; the caller holds its lock.</param>
/// <param name="state">The method's arguments.</param>
/// <returns>The event's details, or <see langword="null"/> to publish nothing.</returns>
internal delegate EventDetails? JobChange<TState>(JobTracker job, TState state);
