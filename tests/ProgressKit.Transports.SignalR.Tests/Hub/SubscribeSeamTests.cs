using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

/// <summary>
/// Issue 20, part 4: a subscribe without a cursor is answered like <c>truncated</c>, and only events after the
/// snapshot's position follow it, never one at or before it. Clients subscribe while a job publishes without pause.
/// </summary>
public sealed class SubscribeSeamTests
{
    private const int Clients = 20;
    private const int MaxChunks = 50_000;

    [Fact]
    public async Task Subscribe_WhileTheJobPublishesFast_NoEventAtOrBeforeTheSnapshotFollowsAndNoneIsMissing()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("seam-1", userId: "alice");
        var clients = new List<TestHubClient>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(await server.ConnectAsync(user: "alice"));
        }

        try
        {
            using var subscribed = new CancellationTokenSource();
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var publishing = Task.Run(async () =>
            {
                var i = 0;
                for (var after = 0; after < 50 && i < MaxChunks; i++)
                {
                    job.Chunk($"c{i} ");
                    job.ReportProgress(Math.Min(99, i / 100.0));
                    after += subscribed.IsCancellationRequested ? 1 : 0;
                    if (i == 100)
                    {
                        started.TrySetResult();
                    }

                    // Never further ahead of the lanes than they hold: this test is about the seam, not overflow.
                    if (i % 100 == 99)
                    {
                        await server.FlushAsync();
                    }
                }

                job.Complete(message: "done");
            });
            await started.Task.WaitAsync(TestHubClient.Timeout);

            // One after another, each while the job publishes, so that each subscribe meets events in flight.
            var snapshots = new List<ProgressEvent>();
            foreach (var client in clients)
            {
                snapshots.Add((await client.SubscribeAsync("seam-1"))!);
            }

            await subscribed.CancelAsync();
            await publishing;
            await server.FlushAsync();
            var published = server.Recorder.SentFor("seam-1").ToList();

            snapshots.Should().OnlyContain(s => !s.IsTerminal, "the job publishes until every client has subscribed");
            foreach (var (client, index) in clients.Select((c, i) => (c, i)))
            {
                var snapshot = snapshots[index];
                var received = await client.WaitForTerminalAsync("seam-1");
                var because = $"client {index} subscribed at {snapshot.Sequence}";
                received.Where(e => e.Sequence <= snapshot.Sequence).Select(e => e.Sequence).Should().BeEmpty($"no event at or before the snapshot follows it ({because})");
                var sequences = received.Select(e => e.Sequence).ToList();
                var broken = Enumerable.Range(1, Math.Max(sequences.Count - 1, 0)).FirstOrDefault(i => sequences[i] <= sequences[i - 1]);
                broken.Should().Be(0, $"no duplicate and no reordering ({because}): ... {string.Join(",", sequences.Skip(Math.Max(broken - 5, 0)).Take(10))} ...");
                received.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence)
                    .Should().Equal(published.Where(e => e.Sequence > snapshot.Sequence && e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence), because);
                received[^1].Type.Should().Be(ProgressEventType.JobComplete, because);
            }

            server.Services.GetRequiredService<ResumeGate>().OpenCount.Should().Be(0, "every subscribe's seam ended with the first newer event or the terminal one");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
