namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>A client's WebSocket connection as recorded at <c>$connect</c>, with the identity its authorizer gave it.</summary>
/// <param name="ConnectionId">API Gateway's connection id.</param>
/// <param name="UserId">The caller's user, or <see langword="null"/> for an anonymous connection.</param>
/// <param name="TenantId">The caller's tenant, if any.</param>
public sealed record ApiGatewayConnection(string ConnectionId, string? UserId, string? TenantId);
