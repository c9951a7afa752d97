using Microsoft.AspNetCore.SignalR;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

public partial class ProgressHubTests
{
    [Fact]
    public async Task AnotherUsersJob_IsRefusedForEveryOperation_AndNothingHappens()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var bob = await server.ConnectAsync(user: "bob");
        await using var job = server.Publisher.StartJob("job-alice", userId: "alice");

        var subscribe = () => bob.SubscribeAsync("job-alice");
        var status = () => bob.RequestStatusAsync("job-alice");
        var cancel = () => bob.CancelJobAsync("job-alice");

        await subscribe.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        await status.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        await cancel.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        job.CancellationToken.IsCancellationRequested.Should().BeFalse();
        job.Complete();
        await server.FlushAsync();
        await AssertUsableAsync(server, bob, "bob");
        bob.Events.Should().NotContain(e => e.JobId == "job-alice");
    }

    [Fact]
    public async Task Anonymous_WhenNotAllowed_IsRefusedAsUnauthenticated()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var anonymous = await server.ConnectAsync();
        await using var job = server.Publisher.StartJob("job-open");

        var subscribe = () => anonymous.SubscribeAsync("job-open");
        var myJobs = () => anonymous.SubscribeToMyJobsAsync();

        await subscribe.Should().ThrowAsync<HubException>().WithMessage("*HubException: unauthenticated: *");
        await myJobs.Should().ThrowAsync<HubException>().WithMessage("*HubException: unauthenticated: *");
    }

    [Fact]
    public async Task Anonymous_WhenAllowed_SeesOwnerlessJobsButNotOwnedOnes()
    {
        await using var server = await TestHubServer.StartAsync(o => o.Hub.AllowAnonymous = true);
        await using var anonymous = await server.ConnectAsync();
        await using var open = server.Publisher.StartJob("job-open");
        await using var owned = server.Publisher.StartJob("job-owned", userId: "alice");

        // An anonymous caller owns no jobs: "my jobs" is a quiet no-op rather than an error in every page's log.
        await anonymous.SubscribeToMyJobsAsync();

        var snapshot = await anonymous.SubscribeAsync("job-open");
        var ownedSubscribe = () => anonymous.SubscribeAsync("job-owned");

        snapshot!.JobId.Should().Be("job-open");
        await ownedSubscribe.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
    }

    [Fact]
    public async Task AuthenticatedUser_WithoutAnonymousMode_IsRefusedOwnerlessJobs()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var job = server.Publisher.StartJob("job-ownerless");

        var act = () => alice.SubscribeAsync("job-ownerless");

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
    }

    [Fact]
    public async Task TenantJob_IsOpenToMembersOfItsTenantOnly()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var member = await server.ConnectAsync(user: "carol", tenant: "t1");
        await using var outsider = await server.ConnectAsync(user: "erin", tenant: "t2");
        await using var job = server.Publisher.StartJob("job-tenant", tenantId: "t1");

        var snapshot = await member.SubscribeAsync("job-tenant");
        var act = () => outsider.SubscribeAsync("job-tenant");

        snapshot!.TenantId.Should().Be("t1");
        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
    }

    [Fact]
    public async Task SubscribeToTenantJobs_NeedsTheRoleAndTheTenantClaim()
    {
        await using var server = await TestHubServer.StartAsync(o => o.Hub.TenantSubscriptionRole = "tenant-admin");
        await using var admin = await server.ConnectAsync(user: "dave", tenant: "t1", roles: "tenant-admin");
        await using var member = await server.ConnectAsync(user: "carol", tenant: "t1");

        await admin.Connection.InvokeAsync(nameof(ProgressHub.SubscribeToTenantJobs), "t1");
        var withoutRole = () => member.Connection.InvokeAsync(nameof(ProgressHub.SubscribeToTenantJobs), "t1");
        var otherTenant = () => admin.Connection.InvokeAsync(nameof(ProgressHub.SubscribeToTenantJobs), "t2");
        var empty = () => admin.Connection.InvokeAsync(nameof(ProgressHub.SubscribeToTenantJobs), "");
        await using (var job = server.Publisher.StartJob("job-t1", userId: "alice", tenantId: "t1"))
        {
            job.Complete();
        }

        (await admin.WaitForTerminalAsync("job-t1")).Should().NotBeEmpty();
        await withoutRole.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        await otherTenant.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
        await empty.Should().ThrowAsync<HubException>().WithMessage("*HubException: malformed_message: *");
    }

    [Fact]
    public async Task SubscribeToTenantJobs_ByDefault_IsRefused()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var admin = await server.ConnectAsync(user: "dave", tenant: "t1", roles: "tenant-admin");

        var act = () => admin.Connection.InvokeAsync(nameof(ProgressHub.SubscribeToTenantJobs), "t1");

        await act.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
    }

    [Fact]
    public async Task CustomPolicy_ReplacesTheDefault()
    {
        await using var server = await TestHubServer.StartAsync(builder: b => b.UseProgressAccessPolicy<ReadOnlyEveryonePolicy>());
        await using var bob = await server.ConnectAsync(user: "bob");
        await using var job = server.Publisher.StartJob("job-custom", userId: "alice");

        var snapshot = await bob.SubscribeAsync("job-custom");
        var cancel = () => bob.CancelJobAsync("job-custom");

        snapshot!.JobId.Should().Be("job-custom");
        await cancel.Should().ThrowAsync<HubException>().WithMessage("*HubException: forbidden: *");
    }

    /// <summary>Lets every authenticated caller watch every job, and nobody cancel.</summary>
    private sealed class ReadOnlyEveryonePolicy : IProgressAccessPolicy
    {
        public ValueTask<bool> CanAccessJobAsync(ProgressAccessContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(context.Snapshot is not null && context.Operation != ProgressHubOperation.Cancel);

        public ValueTask<bool> CanWatchTenantAsync(System.Security.Claims.ClaimsPrincipal user, string tenantId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(false);
    }
}
