using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;
using Xunit.Abstractions;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>
/// Issue 20, part 7, on Redis with two web nodes: a worker publishes a job from a background loop while 50 clients
/// resume it at random positions on either node; each client ends with every non-coalescible event after its cursor
/// (or after the snapshot it was given), in arrival order, once, and the job's final state and whole text. The seed is
/// printed; set <c>PROGRESSKIT_RACE_SEED</c> to run one again.
/// </summary>
public sealed class ResumeRaceTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private const int Clients = 50;
    private const int MaxChunks = 20_000;
    private const int LastResumeAt = 800;

    [Fact]
    public async Task FiftyClientsResumingAtRandomPositionsOnTwoNodes_WhileTheJobPublishes_EachGetsEveryEventAfterItsCursorInOrderOnce()
    {
        var seed = Environment.GetEnvironmentVariable("PROGRESSKIT_RACE_SEED") is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (PROGRESSKIT_RACE_SEED={seed} runs this case again)");
        var random = new Random(seed);
        // Each client resumes when the job has published a random number of chunks, from a cursor a random distance
        // behind the job's position then (negative: ahead of it; past the shared log's 200 events: truncated).
        var resumeAt = Enumerable.Range(0, Clients).Select(_ => random.Next(20, LastResumeAt)).ToArray();
        var behind = Enumerable.Range(0, Clients).Select(_ => random.Next(-20, 400)).ToArray();
        var order = Enumerable.Range(0, Clients).OrderBy(c => resumeAt[c]).ToArray();
        var reached = Enumerable.Range(0, Clients).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var worker = WorkerHost.Build(redis.ConnectionString, o => o.Streams.MaxEventsPerJob = 200);
        await worker.StartAsync();
        var publisher = worker.Services.GetRequiredService<IProgressPublisher>();
        await using var node1 = await WebNode.StartAsync(redis.ConnectionString);
        await using var node2 = await WebNode.StartAsync(redis.ConnectionString);
        var jobId = ClusterFixture.NewJobId("race");
        var job = publisher.StartJob(jobId, userId: "alice");
        var published = new PublishedEvents();

        // A job new to the worker waits for the shared store's answer before its first event is numbered.
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        published.Add(job, ProgressEventType.JobStarted, null);
        var clients = new List<ResumingClient>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(await ResumingClient.ConnectAsync((i % 2 == 0 ? node1 : node2).HubUrl, "alice", jobId));
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
                    published.Add(job, ProgressEventType.Chunk, $"c{i} ");
                    job.ReportProgress(Math.Min(99, i / 10.0));
                    published.Add(job, ProgressEventType.ProgressUpdate, null);
                    if (i % 7 == 3)
                    {
                        job.ReportAgentStatus("agent", AgentStatus.Invoking);
                        published.Add(job, ProgressEventType.AgentStatus, null);
                    }

                    after += resumed.IsCancellationRequested ? 1 : 0;
                    for (; next < order.Length && resumeAt[order[next]] <= i; next++)
                    {
                        reached[order[next]].TrySetResult();
                    }

                    // Never further ahead of the lanes than they hold: this test is about the seam, not overflow.
                    if (i % 50 == 49)
                    {
                        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
                    }
                }

                job.Complete(message: "done");
                published.Add(job, ProgressEventType.JobComplete, null);
                await job.DisposeAsync();
            });
            var resumes = clients.Select(async (client, index) =>
            {
                await reached[index].Task.WithTimeout();
                var cursor = published.CursorBehind(behind[index]);
                await client.ResumeAsync(cursor);
                return cursor;
            }).ToList();
            var cursors = await Task.WhenAll(resumes);
            await resumed.CancelAsync();
            await publishing;
            await Task.WhenAll(clients.Select(c => c.WaitForTerminalAsync()));

            var events = published.All;
            events.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("the test numbers the job's events by its position");
            var wholeText = string.Concat(events.Select(e => e.Text));
            foreach (var (client, index) in clients.Select((c, i) => (c, i)))
            {
                var gapless = client.Outcome == "gapless";
                var from = gapless ? cursors[index].Sequence : client.Start.Sequence;
                var because = $"seed {seed}, client {index} on node {(index % 2) + 1} resumed after {cursors[index].Sequence} ({client.Outcome} from {from})";
                var received = client.Received;
                var sequences = received.Select(e => e.Sequence).ToList();
                var broken = Enumerable.Range(1, Math.Max(sequences.Count - 1, 0)).FirstOrDefault(i => sequences[i] <= sequences[i - 1]);
                broken.Should().Be(0, $"no duplicate and no reordering at the seam ({because}): ... {string.Join(",", sequences.Skip(Math.Max(broken - 5, 0)).Take(10))} ...");
                received.Should().OnlyContain(e => e.Epoch == cursors[index].Epoch, because);
                received.Where(e => e.Sequence <= from).Should().BeEmpty(because);
                received.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence)
                    .Should().Equal(events.Where(e => e.Sequence > from && e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence), $"every event that is not a coalescible progress update after the cursor arrives, in order, once ({because})");
                client.Losses.Should().BeEmpty(because);
                client.Duplicates.Should().BeEmpty(because);

                var last = received[^1];
                last.Type.Should().Be(ProgressEventType.JobComplete, because);
                last.Sequence.Should().Be(events[^1].Sequence, because);
                last.Progress.Should().Be(100, because);
                last.Message.Should().Be("done", because);
                client.Current.Sequence.Should().Be(last.Sequence, because);
                var before = gapless ? string.Concat(events.Where(e => e.Sequence <= from).Select(e => e.Text)) : client.ReplyText;
                (before + string.Concat(received.Where(e => e.Chunk is not null).Select(e => e.Chunk!.Text))).Should().Be(wholeText, $"the streamed text is whole ({because})");
            }

            clients.Select(c => c.Outcome).Should().Contain("gapless", $"seed {seed}").And.Contain("truncated", $"seed {seed}");
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
}
