using System.Security.Claims;

namespace ProgressKit.Transports.SignalR;

/// <summary>
/// Decides which jobs a hub caller may watch, query and cancel, and which tenants' jobs it may watch as a whole.
/// Replace the default with <see cref="SignalRTransportBuilderExtensions.UseProgressAccessPolicy{TPolicy}"/>.
/// </summary>
/// <remarks>
/// <para>The default policy: a job with a <c>user_id</c> is open only to the authenticated caller whose user id claim
/// (<see cref="ProgressHubOptions.UserIdClaimType"/>, else <c>sub</c>) equals it; a job with only a <c>tenant_id</c> is
/// open to authenticated callers whose tenant claim (<see cref="ProgressHubOptions.TenantIdClaimType"/>) equals it; a
/// job with neither is open to everyone only when <see cref="ProgressHubOptions.AllowAnonymous"/> is set; an unknown job
/// (no snapshot) is refused as not found. A whole tenant is open to callers with that tenant claim and the
/// <see cref="ProgressHubOptions.TenantSubscriptionRole"/>, which is unset by default.</para>
/// <para>The hub refuses unauthenticated callers before it asks the policy unless
/// <see cref="ProgressHubOptions.AllowAnonymous"/> is set. Implementations are singletons and must be thread-safe.</para>
/// </remarks>
public interface IProgressAccessPolicy
{
    /// <summary>Returns whether the caller may perform the operation on the job.</summary>
    /// <param name="context">The caller, the job id, the job's newest snapshot (or <see langword="null"/> when unknown) and the operation.</param>
    /// <param name="cancellationToken">Cancelled when the caller's connection closes.</param>
    /// <returns>
    /// <see langword="true"/> to allow. A refusal is reported as <c>forbidden</c>, or as <c>job_not_found</c> when the
    /// job has no snapshot; allowing a job without a snapshot subscribes the caller to a job that has not published yet.
    /// </returns>
    ValueTask<bool> CanAccessJobAsync(ProgressAccessContext context, CancellationToken cancellationToken);

    /// <summary>Returns whether the caller may watch every job of the tenant (a tenant dashboard).</summary>
    /// <param name="user">The caller.</param>
    /// <param name="tenantId">The tenant asked for.</param>
    /// <param name="cancellationToken">Cancelled when the caller's connection closes.</param>
    /// <returns><see langword="true"/> to allow.</returns>
    ValueTask<bool> CanWatchTenantAsync(ClaimsPrincipal user, string tenantId, CancellationToken cancellationToken);
}
