namespace ProgressKit.Jobs;

/// <summary>Registers one instance of a cancellation source in the source list (see <see cref="Transports.TransportForwarder{T}"/>).</summary>
internal sealed class CancellationSourceForwarder<TSource>(TSource inner) : IJobCancellationRequestSource
    where TSource : class, IJobCancellationRequestSource
{
    public ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken) =>
        inner.IsCancellationRequestedAsync(jobId, cancellationToken);
}
