using ProgressKit.Events;
using ProgressKit.Transports.ApiGateway.Registry;

namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>
/// Decides whether a connection may subscribe to a job, ask for its status, cancel it and receive its events. Register
/// your own implementation before adding the transport to replace <see cref="OwnerJobAccessPolicy"/>.
/// </summary>
/// <remarks>Called on the route handler's path and on every delivery (so a subscription made before the job existed
/// is still checked); must be fast, thread-safe and must not throw.</remarks>
public interface IJobAccessPolicy
{
    /// <summary>Returns whether <paramref name="connection"/> may touch the job described by <paramref name="job"/>.</summary>
    /// <param name="connection">The connection, with the identity recorded at <c>$connect</c>.</param>
    /// <param name="job">The job's newest event (its user, tenant and metadata describe the job).</param>
    /// <returns><see langword="true"/> when access is allowed.</returns>
    bool CanAccess(ApiGatewayConnection connection, ProgressEvent job);
}
