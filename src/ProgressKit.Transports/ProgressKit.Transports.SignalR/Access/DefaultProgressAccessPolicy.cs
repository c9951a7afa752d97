using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace ProgressKit.Transports.SignalR.Access;

/// <summary>The default <see cref="IProgressAccessPolicy"/>; the rules are documented on the interface.</summary>
internal sealed class DefaultProgressAccessPolicy(IOptions<SignalRTransportOptions> options) : IProgressAccessPolicy
{
    private readonly ProgressHubOptions _options = options.Value.Hub;

    public ValueTask<bool> CanAccessJobAsync(ProgressAccessContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(context.Snapshot is { } snapshot && Allows(context.User, snapshot.UserId, snapshot.TenantId));
    }

    public ValueTask<bool> CanWatchTenantAsync(ClaimsPrincipal user, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var allowed = _options.TenantSubscriptionRole is { } role
            && string.Equals(CallerIdentity.TenantId(user, _options), tenantId, StringComparison.Ordinal)
            && user.IsInRole(role);
        return ValueTask.FromResult(allowed);
    }

    // A job's owner is its user when it has one, else its tenant; an ownerless job is open only in anonymous mode.
    private bool Allows(ClaimsPrincipal user, string? jobUserId, string? jobTenantId)
    {
        if (!string.IsNullOrEmpty(jobUserId))
        {
            return string.Equals(CallerIdentity.UserId(user, _options), jobUserId, StringComparison.Ordinal);
        }

        if (!string.IsNullOrEmpty(jobTenantId))
        {
            return string.Equals(CallerIdentity.TenantId(user, _options), jobTenantId, StringComparison.Ordinal);
        }

        return _options.AllowAnonymous;
    }
}
