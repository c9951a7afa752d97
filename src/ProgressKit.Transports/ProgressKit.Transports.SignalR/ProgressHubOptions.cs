using System.Security.Claims;

namespace ProgressKit.Transports.SignalR;

/// <summary>Settings of <see cref="ProgressHub"/>: who may watch and cancel which jobs, and who may publish remotely.</summary>
/// <remarks>Part of <see cref="SignalRTransportOptions"/> (<c>ProgressKit:SignalR:Hub</c>); validated on start.</remarks>
public sealed class ProgressHubOptions
{
    /// <summary>The HTTP header in which a remote publisher presents <see cref="PublisherKey"/>.</summary>
    public const string PublisherKeyHeaderName = "X-ProgressKit-Publisher-Key";

    /// <summary>The shortest <see cref="PublisherKey"/> accepted.</summary>
    public const int MinimumPublisherKeyLength = 16;

    /// <summary>The claim used for the user id when the principal has no <see cref="UserIdClaimType"/> claim (the JWT subject).</summary>
    public const string FallbackUserIdClaimType = "sub";

    /// <summary>The default of <see cref="UserIdClaimType"/>: <see cref="ClaimTypes.NameIdentifier"/>.</summary>
    public const string DefaultUserIdClaimType = ClaimTypes.NameIdentifier;

    /// <summary>The default of <see cref="TenantIdClaimType"/>.</summary>
    public const string DefaultTenantIdClaimType = "tenant_id";

    /// <summary>
    /// Gets or sets a value indicating whether callers without an authenticated identity may use the hub, and whether
    /// jobs without a <c>user_id</c> and <c>tenant_id</c> are open to every caller (the default access policy).
    /// Meant for demos and single-user tools; leave it off when jobs carry owners.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Gets or sets the claim that holds a caller's user id, compared with a job's <c>user_id</c> and used for the
    /// "my jobs" group. When a principal lacks it, the <see cref="FallbackUserIdClaimType"/> (<c>sub</c>) claim is used.
    /// </summary>
    /// <value>The default is <see cref="DefaultUserIdClaimType"/> (<see cref="ClaimTypes.NameIdentifier"/>).</value>
    public string UserIdClaimType { get; set; } = DefaultUserIdClaimType;

    /// <summary>Gets or sets the claim that holds a caller's tenant id, compared with a job's <c>tenant_id</c>.</summary>
    /// <value>The default is <see cref="DefaultTenantIdClaimType"/> (<c>tenant_id</c>).</value>
    public string TenantIdClaimType { get; set; } = DefaultTenantIdClaimType;

    /// <summary>
    /// Gets or sets the role a caller needs, besides a tenant claim equal to the tenant id, to watch every job of a
    /// tenant with <see cref="ProgressHub.SubscribeToTenantJobs"/> (a tenant dashboard, which shows other users' jobs).
    /// </summary>
    /// <value>The default is <see langword="null"/>: the default access policy refuses tenant subscriptions.</value>
    public string? TenantSubscriptionRole { get; set; }

    /// <summary>
    /// Gets or sets the shared secret that remote publishers (workers using the <c>ProgressKit.Transports.SignalR.Client</c>
    /// transport) present in the <see cref="PublisherKeyHeaderName"/> header to call <see cref="ProgressHub.Publish"/>.
    /// Compared in constant time; never logged.
    /// </summary>
    /// <value>The default is <see langword="null"/>: remote publishing is refused. When set, at least <see cref="MinimumPublisherKeyLength"/> characters.</value>
    public string? PublisherKey { get; set; }
}
