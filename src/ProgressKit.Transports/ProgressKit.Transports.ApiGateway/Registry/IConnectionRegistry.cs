namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>
/// Where the route handler records connections, job subscriptions and each job's cancel flag, and where the transport
/// looks up whom to send an event to. A job's events (its snapshot) are the job stream store's
/// (<see cref="ProgressKit.Streams.IJobStreamStore"/>), which keeps them in the same jobs table with DynamoDB. <see cref="DynamoDbConnectionRegistry"/> serves Lambda and
/// multi-instance hosts; <see cref="InMemoryConnectionRegistry"/> serves one process that both routes and publishes.
/// </summary>
/// <remarks>
/// <para>Implementations must be thread-safe, give every connection and subscription an expiry (API Gateway closes a
/// connection after at most 2 hours, and <c>$disconnect</c> is best effort) and ignore expired items on read. Every
/// operation is idempotent. No operation may scan a whole table.</para>
/// <para>Exceptions propagate: the transport classifies them for the dispatcher's retry, and the route handler answers
/// <c>internal_error</c>.</para>
/// </remarks>
public interface IConnectionRegistry
{
    /// <summary>Records a new connection (from <c>$connect</c>), replacing any record with the same id.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the connection is recorded.</returns>
    ValueTask AddConnectionAsync(ApiGatewayConnection connection, CancellationToken cancellationToken);

    /// <summary>Returns a connection, or <see langword="null"/> when it is unknown or expired.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The connection, or <see langword="null"/>.</returns>
    ValueTask<ApiGatewayConnection?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken);

    /// <summary>Removes a connection and all its subscriptions (from <c>$disconnect</c>, or after a 410 Gone).</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the connection is removed.</returns>
    ValueTask RemoveConnectionAsync(string connectionId, CancellationToken cancellationToken);

    /// <summary>
    /// Subscribes a connection to one job's events, then changes the job's subscription version (a number every
    /// subscribe changes, which the job stream store's write of each event returns), in that order, so that a
    /// publisher with a cached subscriber list notices.
    /// </summary>
    /// <param name="connection">The connection, with its identity (kept on the subscription for the delivery check).</param>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the subscription is recorded.</returns>
    ValueTask SubscribeAsync(ApiGatewayConnection connection, string jobId, CancellationToken cancellationToken);

    /// <summary>Removes a connection's subscription to one job; no error when there is none.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the subscription is gone.</returns>
    ValueTask UnsubscribeAsync(string connectionId, string jobId, CancellationToken cancellationToken);

    /// <summary>Subscribes a connection to every job of its user ("my jobs").</summary>
    /// <param name="connection">The connection; its <see cref="ApiGatewayConnection.UserId"/> must not be null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the subscription is recorded.</returns>
    ValueTask SubscribeToUserJobsAsync(ApiGatewayConnection connection, CancellationToken cancellationToken);

    /// <summary>Returns the unexpired connections subscribed to a job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The subscribers, each with the identity it subscribed with.</returns>
    ValueTask<IReadOnlyList<ApiGatewayConnection>> GetJobSubscribersAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Returns the unexpired connections of a user that subscribed to "my jobs".</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="tenantId">The tenant id; a connection matches only with the same tenant (both may be null).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The subscribers.</returns>
    ValueTask<IReadOnlyList<ApiGatewayConnection>> GetUserSubscribersAsync(string userId, string? tenantId, CancellationToken cancellationToken);

    /// <summary>Sets a known job's cancel flag (a job the job stream store holds).</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the job is known and its flag is now set.</returns>
    ValueTask<bool> RequestCancellationAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Returns whether a client asked to cancel the job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the job's cancel flag is set.</returns>
    ValueTask<bool> IsCancellationRequestedAsync(string jobId, CancellationToken cancellationToken);
}
