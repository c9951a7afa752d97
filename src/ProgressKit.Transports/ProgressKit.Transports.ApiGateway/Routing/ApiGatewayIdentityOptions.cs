namespace ProgressKit.Transports.ApiGateway.Routing;

/// <summary>
/// Where <c>$connect</c> finds the caller's identity in <c>requestContext.authorizer</c>, the context a Lambda REQUEST
/// authorizer returns (API Gateway passes its values as strings, numbers or booleans).
/// </summary>
public sealed class ApiGatewayIdentityOptions
{
    /// <summary>The default of <see cref="UserIdKey"/>.</summary>
    public const string DefaultUserIdKey = "userId";

    /// <summary>The default of <see cref="TenantIdKey"/>.</summary>
    public const string DefaultTenantIdKey = "tenantId";

    /// <summary>The authorizer's own principal key, used for the user when <see cref="UserIdKey"/> is absent.</summary>
    public const string PrincipalIdKey = "principalId";

    /// <summary>Gets or sets the context key of the user id; when absent, <c>principalId</c> is used.</summary>
    /// <value>The default is <see cref="DefaultUserIdKey"/> (<c>userId</c>).</value>
    public string UserIdKey { get; set; } = DefaultUserIdKey;

    /// <summary>Gets or sets the context key of the tenant id.</summary>
    /// <value>The default is <see cref="DefaultTenantIdKey"/> (<c>tenantId</c>).</value>
    public string TenantIdKey { get; set; } = DefaultTenantIdKey;
}
