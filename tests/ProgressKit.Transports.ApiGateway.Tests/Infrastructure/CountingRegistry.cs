using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>Forwards to another registry and counts the subscriber lookups, to show when the transport's cache is used.</summary>
internal sealed class CountingRegistry(IConnectionRegistry inner) : IConnectionRegistry
{
    private int _jobLookups;

    public int JobLookups => Volatile.Read(ref _jobLookups);

    public ValueTask AddConnectionAsync(ApiGatewayConnection connection, CancellationToken cancellationToken) => inner.AddConnectionAsync(connection, cancellationToken);

    public ValueTask<ApiGatewayConnection?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken) => inner.GetConnectionAsync(connectionId, cancellationToken);

    public ValueTask RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken) => inner.RemoveConnectionAsync(connectionId, cancellationToken);

    public ValueTask SubscribeAsync(ApiGatewayConnection connection, string jobId, CancellationToken cancellationToken) => inner.SubscribeAsync(connection, jobId, cancellationToken);

    public ValueTask UnsubscribeAsync(string connectionId, string jobId, CancellationToken cancellationToken) => inner.UnsubscribeAsync(connectionId, jobId, cancellationToken);

    public ValueTask SubscribeToUserJobsAsync(ApiGatewayConnection connection, CancellationToken cancellationToken) => inner.SubscribeToUserJobsAsync(connection, cancellationToken);

    public ValueTask<IReadOnlyList<ApiGatewayConnection>> GetJobSubscribersAsync(string jobId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _jobLookups);
        return inner.GetJobSubscribersAsync(jobId, cancellationToken);
    }

    public ValueTask<IReadOnlyList<ApiGatewayConnection>> GetUserSubscribersAsync(string userId, string? tenantId, CancellationToken cancellationToken) =>
        inner.GetUserSubscribersAsync(userId, tenantId, cancellationToken);

    public ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken) => inner.RequestCancellationAsync(jobId, cancellationToken);

    public ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken) => inner.IsCancellationRequestedAsync(jobId, cancellationToken);
}
