using Microsoft.AspNetCore.SignalR.Client;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>
/// A connection in several groups an event is sent to (its job's and its user's) gets the event once through the Redis
/// backplane, on either node, as on one node: the backplane publishes a message per group.
/// </summary>
public sealed class GroupOverlapTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task ConnectionInTheJobsAndTheUsersGroups_OnEitherNode_GetsEachEventOnce()
    {
        var jobId = ClusterFixture.NewJobId("overlap");
        var markerId = ClusterFixture.NewJobId("marker");
        await cluster.Worker.SendAsync($"hold {jobId} alice");
        await cluster.Worker.WaitForLineAsync($"started {jobId}");

        // A snapshot is stored in the background, at the latest before its event is delivered: after the flush, it is.
        await cluster.Worker.FlushAsync();
        await using var onNode1 = await cluster.Node1.ConnectAsync("alice");
        await using var onNode2 = await cluster.Node2.ConnectAsync("alice");
        foreach (var client in new[] { onNode1, onNode2 })
        {
            await client.Connection.InvokeAsync(nameof(ProgressHub.SubscribeToMyJobs)).WithTimeout();
            await client.SubscribeAsync(jobId);
        }

        for (var i = 0; i < 5; i++)
        {
            await cluster.Worker.SendAsync($"chunk {jobId} c{i} output");
            await cluster.Worker.WaitForLineAsync($"chunked {jobId}");
        }

        await cluster.Worker.SendAsync($"release {jobId}");

        // A second job of the user's, sent after the first ended: once it has ended too, every copy of the first
        // job's events that the backplane carries has arrived.
        foreach (var client in new[] { onNode1, onNode2 })
        {
            await client.WaitForTerminalAsync(jobId);
        }

        await cluster.Worker.SendAsync($"run {markerId} alice 1 0");
        foreach (var (client, node) in new[] { (onNode1, "node 1"), (onNode2, "node 2") })
        {
            await client.WaitForTerminalAsync(markerId);
            var received = client.Events.Where(e => e.JobId == jobId).ToList();
            received.Where(e => e.Type == ProgressEventType.Chunk).Should().HaveCount(5, $"the client on {node} got every chunk");
            received.GroupBy(e => e.Sequence).Where(g => g.Count() > 1).Select(g => $"seq {g.Key} x{g.Count()}")
                .Should().BeEmpty($"the client on {node} gets each event once");
            received.Select(e => e.Sequence).Should().BeInAscendingOrder();
            client.Events.Where(e => e.JobId == markerId).GroupBy(e => e.Sequence).Should().OnlyContain(g => g.Count() == 1);
        }
    }
}
