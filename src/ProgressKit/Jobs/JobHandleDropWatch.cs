namespace ProgressKit.Jobs;

/// <summary>
/// Owned by one job handle and referenced by nothing else, so it becomes unreachable exactly when the handle does. Its
/// finalizer is how the publisher learns that a caller dropped a handle without disposing it (a crashed or careless
/// caller): the job then ends as a disposal would end it, with <c>job_failed</c> <c>abandoned</c>, instead of reporting
/// itself running until the host stops.
/// </summary>
/// <remarks>
/// The finalizer thread only reads a flag and queues the abandonment to <see cref="Diagnostics.BackgroundWork"/>: it
/// publishes nothing and takes no lock of ours. The handle suppresses the finalizer once the job ended through it, so a
/// job that ends normally costs no finalization.
/// </remarks>
internal sealed class JobHandleDropWatch(JobLifetime lifetime) : IDisposable
{
    /// <summary>Disarms the watch: the job ended through its handle, so nothing is left to watch for.</summary>
    public void Dispose() => GC.SuppressFinalize(this);

    ~JobHandleDropWatch()
    {
        if (lifetime.IsFinished)
        {
            return;
        }

        try
        {
            lifetime.QueueHandleDropped();
        }
        catch (Exception)
        {
            // An exception escaping a finalizer ends the process; failing to queue (out of memory) leaves the job open
            // until the host stops, as before this watch existed.
        }
    }
}
