using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Transports.SignalR.Tests.Fakes;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

/// <summary>A connection in several of the groups an event is sent to (its job's, its user's, its tenant's) gets the event once.</summary>
public sealed class GroupOverlapTests
{
    [Fact]
    public async Task ConnectionInTheJobsTheUsersAndTheTenantsGroups_WhileAnotherConnectionResumesTheJob_GetsEachEventOnce()
    {
        // The barrier keeps the lane's sends back until the other connection has resumed, so that they are sent while
        // its resume filters them: one send per group then, each excepting the resuming connection.
        var barrier = new GateBarrier();
        await using var server = await TestHubServer.StartAsync(
            o => o.Hub.TenantSubscriptionRole = "tenant-admin",
            builder: b => b.Services.AddSingleton<IProgressSendBarrier>(barrier));
        await using var job = server.Publisher.StartJob("overlap-1", userId: "alice", tenantId: "t1");
        job.Chunk("a");
        job.Chunk("b");
        job.Chunk("c");
        await using var watcher = await server.ConnectAsync(user: "alice", tenant: "t1", roles: "tenant-admin");
        await using var resuming = await server.ConnectAsync(user: "alice");
        await watcher.SubscribeToMyJobsAsync();
        await watcher.Connection.InvokeAsync(nameof(ProgressHub.SubscribeToTenantJobs), "t1");
        var snapshot = await watcher.SubscribeAsync("overlap-1");
        var reply = await resuming.ResumeAsync("overlap-1", 1, null);
        reply.GetProperty("outcome").GetString().Should().Be("gapless");

        barrier.Gate.SetResult();
        job.Complete(message: "done");
        await server.FlushAsync();

        // A second job of the user's, sent after the first ended: once it has ended, every copy of the first job's
        // events has been written.
        await using (var marker = server.Publisher.StartJob("marker-1", userId: "alice"))
        {
            marker.Complete();
        }

        await watcher.WaitForTerminalAsync("marker-1");
        var received = watcher.Events.Where(e => e.JobId == "overlap-1").ToList();
        received.GroupBy(e => e.Sequence).Where(g => g.Count() > 1).Select(g => $"seq {g.Key} x{g.Count()}")
            .Should().BeEmpty("a connection gets each event once, however many of its groups the event is sent to");
        // Subscribe's seam keeps the events at or before its snapshot from the connection, through every group.
        received.Select(e => e.Sequence).Should().Equal(server.Recorder.SentFor("overlap-1").Where(e => e.Sequence > snapshot!.Sequence).Select(e => e.Sequence));
        (await resuming.WaitForTerminalAsync("overlap-1")).Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }
}
