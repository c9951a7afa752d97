using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

/// <summary>
/// Issue 20, part 7, in memory: a job publishing fast while 50 real SignalR clients resume it at random positions; each
/// ends with every non-coalescible event after its cursor (or after the snapshot it was given), in order, once, and
/// the job's final state. The seed is printed; set <c>PROGRESSKIT_RACE_SEED</c> to run one again.
/// </summary>
public sealed class ResumeRaceTests(ITestOutputHelper output)
{
    private const int Clients = 50;
    private const int MaxChunks = 50_000;
    private const int LastResumeAt = 2_000;

    [Fact]
    public async Task Resume_FiftyClientsAtRandomPositions_WhileTheJobPublishesFast_EachGetsEveryEventAfterItsCursorInOrderOnce()
    {
        var seed = Environment.GetEnvironmentVariable("PROGRESSKIT_RACE_SEED") is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (PROGRESSKIT_RACE_SEED={seed} runs this case again)");
        var random = new Random(seed);
        // Each client resumes when the job has published a random number of chunks, from a cursor a random distance
        // behind the job's position then (negative: ahead of it, answered truncated).
        var resumeAt = Enumerable.Range(0, Clients).Select(_ => random.Next(20, LastResumeAt)).ToArray();
        var behind = Enumerable.Range(0, Clients).Select(_ => random.Next(-20, 400)).ToArray();
        var order = Enumerable.Range(0, Clients).OrderBy(c => resumeAt[c]).ToArray();
        var reached = Enumerable.Range(0, Clients).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        await using var server = await TestHubServer.StartAsync();
        await using var job = server.Publisher.StartJob("race-1", userId: "alice");
        var clients = new List<TestHubClient>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(await server.ConnectAsync(user: "alice"));
        }

        try
        {
            // The job publishes until every client has resumed, then a little more, so each resume meets live events.
            using var resumed = new CancellationTokenSource();
            var publishing = Task.Run(async () =>
            {
                var i = 0;
                var next = 0;
                for (var after = 0; after < 50 && i < MaxChunks; i++)
                {
                    job.Chunk($"c{i} ");
                    job.ReportProgress(Math.Min(99, i / 100.0));
                    after += resumed.IsCancellationRequested ? 1 : 0;
                    for (; next < order.Length && resumeAt[order[next]] <= i; next++)
                    {
                        reached[order[next]].TrySetResult();
                    }

                    // Never further ahead of the lanes than they hold: this test is about the seam, not overflow.
                    if (i % 100 == 99)
                    {
                        await server.FlushAsync();
                    }
                }

                job.Complete(message: "done");
            });
            var resumes = clients.Select(async (client, index) =>
            {
                await reached[index].Task.WaitAsync(TestHubClient.Timeout);
                var after = Math.Max(0, job.Position!.Value.Sequence - behind[index]);
                var reply = await client.ResumeAsync("race-1", after, null);
                return (Client: client, Index: index, After: after, Reply: reply);
            }).ToList();
            var results = await Task.WhenAll(resumes);
            await resumed.CancelAsync();
            await publishing;
            await server.FlushAsync();
            var published = server.Recorder.SentFor("race-1").ToList();
            var terminal = published[^1];
            terminal.Type.Should().Be(ProgressEventType.JobComplete);
            server.Services.GetRequiredService<ResumeGate>().OpenCount.Should().Be(0, "every resume ended with the first newer event or the terminal one");

            foreach (var (client, index, after, reply) in results)
            {
                var received = await client.WaitForTerminalAsync("race-1");
                var outcome = reply.GetProperty("outcome").GetString();
                var from = outcome == "gapless" ? after : reply.GetProperty("seq").GetInt64();
                var because = $"seed {seed}, client {index} resumed after {after} ({outcome} from {from})";
                var sequences = received.Select(e => e.Sequence).ToList();
                var broken = Enumerable.Range(1, Math.Max(sequences.Count - 1, 0)).FirstOrDefault(i => sequences[i] <= sequences[i - 1]);
                broken.Should().Be(0, $"no duplicate and no reordering at the seam ({because}): ... {string.Join(",", sequences.Skip(Math.Max(broken - 5, 0)).Take(10))} ...");
                var expected = published.Where(e => e.Sequence > from && e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence);
                received.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence).Should().Equal(expected, $"every event that is not a coalescible progress update after the cursor arrives, in order, once ({because})");
                received.Where(e => e.Sequence <= from).Should().BeEmpty(because);
                received[^1].Sequence.Should().Be(terminal.Sequence, because);
                received[^1].Type.Should().Be(ProgressEventType.JobComplete, because);
                received[^1].Progress.Should().Be(100, because);
                received[^1].Message.Should().Be("done", because);
            }

            results.Select(r => r.Reply.GetProperty("outcome").GetString()).Should().Contain("gapless", $"seed {seed}");
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
