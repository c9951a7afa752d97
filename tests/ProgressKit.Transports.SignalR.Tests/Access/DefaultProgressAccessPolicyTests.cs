using System.Security.Claims;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Access;

namespace ProgressKit.Transports.SignalR.Tests.Access;

public class DefaultProgressAccessPolicyTests
{
    [Theory]
    [InlineData("alice", null, "alice", null, false, true)]
    [InlineData("bob", null, "alice", null, false, false)]
    [InlineData(null, null, "alice", null, true, false)]
    [InlineData("alice", "t1", "alice", "t2", false, true)]
    [InlineData("carol", "t1", "alice", "t1", false, false)]
    [InlineData("carol", "t1", null, "t1", false, true)]
    [InlineData("carol", "t2", null, "t1", false, false)]
    [InlineData(null, null, null, null, true, true)]
    [InlineData("alice", null, null, null, true, true)]
    [InlineData("alice", null, null, null, false, false)]
    [InlineData(null, null, null, null, false, false)]
    public async Task CanAccessJob_FollowsOwnership(string? caller, string? callerTenant, string? jobUser, string? jobTenant, bool anonymousMode, bool expected)
    {
        var policy = Create(o => o.AllowAnonymous = anonymousMode);
        var snapshot = Snapshot(jobUser, jobTenant);

        var allowed = await policy.CanAccessJobAsync(new ProgressAccessContext(User(caller, callerTenant), "job-1", snapshot, ProgressHubOperation.Subscribe), default);

        allowed.Should().Be(expected);
    }

    [Fact]
    public async Task CanAccessJob_UnknownJob_IsRefused()
    {
        var policy = Create(o => o.AllowAnonymous = true);

        var allowed = await policy.CanAccessJobAsync(new ProgressAccessContext(User("alice", null), "job-1", null, ProgressHubOperation.Subscribe), default);

        allowed.Should().BeFalse();
    }

    [Fact]
    public async Task CanAccessJob_UsesTheConfiguredClaimThenSub()
    {
        var policy = Create(o => o.UserIdClaimType = "oid");
        var withOid = new ClaimsPrincipal(new ClaimsIdentity([new Claim("oid", "alice"), new Claim(ClaimTypes.NameIdentifier, "other")], "jwt"));
        var withSub = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "alice")], "jwt"));
        var snapshot = Snapshot("alice");

        (await policy.CanAccessJobAsync(new ProgressAccessContext(withOid, "job-1", snapshot, ProgressHubOperation.Cancel), default)).Should().BeTrue();
        (await policy.CanAccessJobAsync(new ProgressAccessContext(withSub, "job-1", snapshot, ProgressHubOperation.Cancel), default)).Should().BeTrue();
    }

    [Theory]
    [InlineData(null, "t1", "admin", false)]
    [InlineData("admin", "t1", "admin", true)]
    [InlineData("admin", "t2", "admin", false)]
    [InlineData("admin", "t1", "viewer", false)]
    public async Task CanWatchTenant_NeedsTheRoleAndTheTenant(string? requiredRole, string callerTenant, string callerRole, bool expected)
    {
        var policy = Create(o => o.TenantSubscriptionRole = requiredRole);
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "dave"), new Claim("tenant_id", callerTenant), new Claim(ClaimTypes.Role, callerRole)], "test"));

        (await policy.CanWatchTenantAsync(user, "t1", default)).Should().Be(expected);
    }

    private static DefaultProgressAccessPolicy Create(Action<ProgressHubOptions> configure)
    {
        var options = new SignalRTransportOptions();
        configure(options.Hub);
        return new DefaultProgressAccessPolicy(Options.Create(options));
    }

    private static ClaimsPrincipal User(string? id, string? tenant)
    {
        if (id is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id) };
        if (tenant is not null)
        {
            claims.Add(new Claim("tenant_id", tenant));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    private static ProgressEvent Snapshot(string? userId = null, string? tenantId = null) => new()
    {
        Type = ProgressEventType.JobStarted,
        JobId = "job-1",
        Sequence = 1,
        Timestamp = DateTimeOffset.UnixEpoch,
        Status = JobStatus.Processing,
        Progress = 0,
        UserId = userId,
        TenantId = tenantId,
    };
}
