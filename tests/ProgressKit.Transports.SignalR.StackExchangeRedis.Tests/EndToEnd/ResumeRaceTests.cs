using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Streams;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>
/// Issue 20, part 7, on Redis with two web nodes: a worker publishes a job fast while 50 clients resume it at random
/// positions on either node; each client ends with every non-coalescible event after its cursor (or after the
/// snapshot it was given), in order, once, no loss detected, and the job's final state.
/// </summary>
public sealed class ResumeRaceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const int Clients = 50;
    private const int EventsPerClient = 5;

    [Fact]
    public async Task FiftyClientsResumingAtRandomPositionsOnTwoNodes_WhileTheJobPublishes_EachEndsGaplessWithTheFinalState()
    {
        // A shared log of 60 events: clients far behind are answered truncated, the others replay.
        using var worker = WorkerHost.Build(redis.ConnectionString, o => o.Streams.MaxEventsPerJob = 60);
        await worker.StartAsync();
        var publisher = worker.Services.GetRequiredService<IProgressPublisher>();
        await using var node1 = await WebNode.StartAsync(redis.ConnectionString);
        await using var node2 = await WebNode.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("race");
        var job = publisher.StartJob(jobId, userId: "alice");
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        var first = job.Position!.Value;
        await using var reference = await ResumingClient.ConnectAsync(node1.HubUrl, "alice", jobId);
        await reference.ResumeAsync(first with { Sequence = 0, KeptSequence = 0 });

        var random = new Random(20);
        var positions = new List<JobStreamPosition> { first };
        var clients = new List<ResumingClient>();
        var resumes = new List<Task>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                for (var k = 0; k < EventsPerClient; k++)
                {
                    Publish(job, (i * EventsPerClient) + k);
                }

                positions.Add(job.Position!.Value);
                var node = i % 2 == 0 ? node1 : node2;
                var client = await ResumingClient.ConnectAsync(node.HubUrl, "alice", jobId);
                clients.Add(client);

                // The resume races the next events: it is not awaited before they are published.
                resumes.Add(client.ResumeAsync(positions[random.Next(positions.Count)]));
            }

            job.Complete(message: "done");
            await job.DisposeAsync();
            await Task.WhenAll(resumes);
            await reference.WaitForTerminalAsync();
            await Task.WhenAll(clients.Select(c => c.WaitForTerminalAsync()));

            var kept = reference.Applied.Where(e => e.Type != ProgressEventType.ProgressUpdate).ToList();
            kept.Select(e => e.KeptSequence).Should().Equal(Enumerable.Range(1, kept.Count).Select(n => (long?)n), "the reference client saw every non-coalescible event");
            reference.Losses.Should().BeEmpty();
            reference.Duplicates.Should().BeEmpty();
            var terminal = kept[^1];
            terminal.Type.Should().Be(ProgressEventType.JobComplete);
            foreach (var (client, index) in clients.Select((c, i) => (c, i)))
            {
                var because = $"client {index} resumed on node {(index % 2) + 1} from {client.Start} ({client.Outcome})";
                client.Losses.Should().BeEmpty(because);
                client.Duplicates.Should().BeEmpty($"the server never sends an event twice ({because})");
                client.HeldEarly.Should().Be(0, because);
                var applied = client.Applied.Skip(client.Outcome == "gapless" ? 0 : 1).Where(e => e.Type != ProgressEventType.ProgressUpdate);
                applied.Select(e => e.Sequence).Should().Equal(kept.Where(e => e.Sequence > client.Start.Sequence).Select(e => e.Sequence), because);
                client.Current.Sequence.Should().Be(terminal.Sequence, because);
            }

            clients.Select(c => c.Outcome).Should().Contain("gapless").And.Contain("truncated");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await worker.StopAsync();
        }
    }

    private static void Publish(IProgressJob job, int n)
    {
        switch (n % 5)
        {
            case 0:
            case 3:
                job.Chunk($"t{n} ");
                break;
            case 1:
                job.ReportAgentStatus("agent", AgentStatus.Invoking);
                break;
            default:
                job.ReportProgress(Math.Min(99, n / 3.0));
                break;
        }
    }
}
