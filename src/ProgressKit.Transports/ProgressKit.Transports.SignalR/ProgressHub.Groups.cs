using ProgressKit.Events.Control;
using ProgressKit.Transports.SignalR.Access;
using ProgressKit.Transports.SignalR.Diagnostics;

namespace ProgressKit.Transports.SignalR;

public sealed partial class ProgressHub
{
    /// <summary>The longest tenant id <see cref="SubscribeToTenantJobs"/> accepts.</summary>
    private const int MaxTenantIdLength = 256;

    /// <summary>
    /// Joins the caller's "my jobs" group: from now on the caller receives the events of every job whose
    /// <c>user_id</c> is the caller's user id, including jobs that start later.
    /// </summary>
    /// <returns>A task that completes when the connection joined the group.</returns>
    /// <remarks>
    /// An anonymous caller owns no jobs: when <see cref="ProgressHubOptions.AllowAnonymous"/> is on, the call does
    /// nothing for it (a page can call it unconditionally); otherwise it is refused.
    /// </remarks>
    /// <exception cref="Microsoft.AspNetCore.SignalR.HubException"><c>unauthenticated</c> when the caller has no user id and anonymous access is off.</exception>
    public Task SubscribeToMyJobs() =>
        UserIdOrNullForAnonymous(nameof(SubscribeToMyJobs)) is { } userId
            ? Groups.AddToGroupAsync(Context.ConnectionId, ProgressHubGroups.ForUser(userId), Context.ConnectionAborted)
            : Task.CompletedTask;

    /// <summary>Leaves the caller's "my jobs" group.</summary>
    /// <returns>A task that completes when the connection left the group.</returns>
    /// <exception cref="Microsoft.AspNetCore.SignalR.HubException"><c>unauthenticated</c> when the caller has no user id and anonymous access is off.</exception>
    public Task UnsubscribeFromMyJobs() =>
        UserIdOrNullForAnonymous(nameof(UnsubscribeFromMyJobs)) is { } userId
            ? Groups.RemoveFromGroupAsync(Context.ConnectionId, ProgressHubGroups.ForUser(userId), Context.ConnectionAborted)
            : Task.CompletedTask;

    private string? UserIdOrNullForAnonymous(string method) =>
        Options.AllowAnonymous && CallerIdentity.UserId(Caller, Options) is null ? null : RequireUserId(method);

    /// <summary>
    /// Joins a tenant's group (a tenant dashboard): the caller receives the events of every job whose
    /// <c>tenant_id</c> is <paramref name="tenantId"/>, other users' jobs included, when the policy allows it.
    /// </summary>
    /// <param name="tenantId">The tenant id.</param>
    /// <returns>A task that completes when the connection joined the group.</returns>
    /// <exception cref="Microsoft.AspNetCore.SignalR.HubException"><c>malformed_message</c>, <c>unauthenticated</c> or <c>forbidden</c>.</exception>
    public async Task SubscribeToTenantJobs(string tenantId)
    {
        ThrowIfInvalidTenant(nameof(SubscribeToTenantJobs), tenantId);
        ThrowIfAnonymousRefused(nameof(SubscribeToTenantJobs), null);
        if (!await _services.AccessPolicy.CanWatchTenantAsync(Caller, tenantId, Context.ConnectionAborted).ConfigureAwait(false))
        {
            Log.CallRefused(_services.Logger, nameof(SubscribeToTenantJobs), null, Context.ConnectionId, ControlErrorCodes.Forbidden);
            throw HubErrors.Create(ControlErrorCodes.Forbidden, $"You may not watch the jobs of tenant '{tenantId}'.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, ProgressHubGroups.ForTenant(tenantId), Context.ConnectionAborted).ConfigureAwait(false);
    }

    /// <summary>Leaves a tenant's group. Leaving a group one is not in does nothing.</summary>
    /// <param name="tenantId">The tenant id.</param>
    /// <returns>A task that completes when the connection left the group.</returns>
    /// <exception cref="Microsoft.AspNetCore.SignalR.HubException"><c>malformed_message</c> when the tenant id is empty or too long.</exception>
    public Task UnsubscribeFromTenantJobs(string tenantId)
    {
        ThrowIfInvalidTenant(nameof(UnsubscribeFromTenantJobs), tenantId);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, ProgressHubGroups.ForTenant(tenantId), Context.ConnectionAborted);
    }

    private string RequireUserId(string method)
    {
        if (CallerIdentity.UserId(Caller, Options) is { } userId)
        {
            return userId;
        }

        Log.CallRefused(_services.Logger, method, null, Context.ConnectionId, ControlErrorCodes.Unauthenticated);
        throw HubErrors.Create(ControlErrorCodes.Unauthenticated,
            $"{method} needs a signed-in caller with a user id claim ('{Options.UserIdClaimType}' or '{ProgressHubOptions.FallbackUserIdClaimType}').");
    }

    private void ThrowIfInvalidTenant(string method, string? tenantId)
    {
        if (string.IsNullOrEmpty(tenantId) || tenantId.Length > MaxTenantIdLength)
        {
            Log.CallRefused(_services.Logger, method, null, Context.ConnectionId, ControlErrorCodes.MalformedMessage);
            throw HubErrors.Create(ControlErrorCodes.MalformedMessage, $"A tenant id must have 1 to {MaxTenantIdLength} characters.");
        }
    }
}
