using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>
/// The default <see cref="IJobAccessPolicy"/>: a connection may touch a job of its own user in its own tenant. A job
/// published without a user is open to every connection of its tenant (or to all, when it has no tenant either).
/// </summary>
/// <remarks>Anonymous connections therefore reach only jobs without a user.</remarks>
public sealed class OwnerJobAccessPolicy : IJobAccessPolicy
{
    /// <inheritdoc />
    public bool CanAccess(ApiGatewayConnection connection, ProgressEvent job)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(job);
        if (job.TenantId is not null && !string.Equals(job.TenantId, connection.TenantId, StringComparison.Ordinal))
        {
            return false;
        }

        return job.UserId is null || string.Equals(job.UserId, connection.UserId, StringComparison.Ordinal);
    }
}
