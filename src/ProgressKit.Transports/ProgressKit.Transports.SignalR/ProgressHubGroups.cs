namespace ProgressKit.Transports.SignalR;

/// <summary>
/// The SignalR group names the transport sends each event to: the job's group, its user's group and its tenant's
/// group. Apps that manage subscriptions themselves add connections of <see cref="ProgressHub"/> to these groups.
/// </summary>
/// <remarks>
/// A connection in several of an event's groups (for example subscribed to a job and to "my jobs") receives the event
/// once per group; clients ignore an event whose <c>seq</c> is not above the last one they applied for the job.
/// </remarks>
public static class ProgressHubGroups
{
    /// <summary>The prefix of job groups.</summary>
    public const string JobPrefix = "job:";

    /// <summary>The prefix of user ("my jobs") groups.</summary>
    public const string UserPrefix = "user:";

    /// <summary>The prefix of tenant groups.</summary>
    public const string TenantPrefix = "tenant:";

    /// <summary>The group of remote publishers' connections, which receive cancel requests (<see cref="ProgressHub.CancelRequestMethod"/>).</summary>
    public const string Publishers = "progresskit:publishers";

    /// <summary>Returns the group of a job: <c>job:{jobId}</c>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>The group name.</returns>
    public static string ForJob(string jobId) => JobPrefix + jobId;

    /// <summary>Returns the group of a user's jobs: <c>user:{userId}</c>.</summary>
    /// <param name="userId">The user id, as in the events' <c>user_id</c>.</param>
    /// <returns>The group name.</returns>
    public static string ForUser(string userId) => UserPrefix + userId;

    /// <summary>Returns the group of a tenant's jobs: <c>tenant:{tenantId}</c>.</summary>
    /// <param name="tenantId">The tenant id, as in the events' <c>tenant_id</c>.</param>
    /// <returns>The group name.</returns>
    public static string ForTenant(string tenantId) => TenantPrefix + tenantId;
}
