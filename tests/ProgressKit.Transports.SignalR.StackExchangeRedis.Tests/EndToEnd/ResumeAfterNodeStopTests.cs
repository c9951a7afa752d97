using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;
using ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.EndToEnd;

/// <summary>
/// Issue 20, part 7, "drop mid-stream and resume", across nodes: the web node a client is on stops while a worker
/// streams chunks without pause; the client resumes on the other node from the last event it applied and gets every
/// later non-coalescible event once, in order, and the whole text.
/// </summary>
public sealed class ResumeAfterNodeStopTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const int MaxChunks = 8_000;

    [Fact]
    public async Task NodeStopsMidStream_ResumeOnTheOtherNode_GetsEveryLaterEventOnceInOrderAndTheWholeText()
    {
        // The shared log and a replay hold the whole job: this test is about the seam after a drop, not truncation.
        static void WholeJob(ProgressKitOptions o)
        {
            o.Streams.MaxEventsPerJob = 100_000;
            o.Streams.MaxReplayEvents = 100_000;
            o.Streams.MaxBytesPerJob = 64L << 20;
        }

        using var worker = WorkerHost.Build(redis.ConnectionString, WholeJob);
        await worker.StartAsync();
        var publisher = worker.Services.GetRequiredService<IProgressPublisher>();
        var node1 = await WebNode.StartAsync(redis.ConnectionString, progressKit: WholeJob);
        var node1Stopped = false;
        await using var node2 = await WebNode.StartAsync(redis.ConnectionString, progressKit: WholeJob);
        var jobId = ClusterFixture.NewJobId("drop");
        var job = publisher.StartJob(jobId, userId: "alice");
        var published = new PublishedEvents();

        // A job new to the worker waits for the shared store's answer before its first event is numbered.
        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        published.Add(job, ProgressEventType.JobStarted, null);
        try
        {
            await using var first = await ResumingClient.ConnectAsync(node1.HubUrl, "alice", jobId);
            await first.ResumeAsync(job.Position!.Value with { Sequence = 0, KeptSequence = 0 });
            using var resumed = new CancellationTokenSource();
            var chunked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var publishing = Task.Run(async () =>
            {
                var i = 0;
                for (var after = 0; after < 50 && i < MaxChunks; i++)
                {
                    job.Chunk($"c{i} ");
                    published.Add(job, ProgressEventType.Chunk, $"c{i} ");
                    job.ReportProgress(Math.Min(99, i / 10.0));
                    published.Add(job, ProgressEventType.ProgressUpdate, null);
                    after += resumed.IsCancellationRequested ? 1 : 0;
                    if (i % 50 == 49)
                    {
                        (await publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
                    }
                }

                job.Complete(message: "done");
                published.Add(job, ProgressEventType.JobComplete, null);
                await job.DisposeAsync();
            });

            // Node 1 stops while chunks are in flight to the client.
            await first.WaitForAppliedAsync(e => e.Chunk?.Index == 100);
            await node1.DisposeAsync();
            node1Stopped = true;
            await first.Closed;
            publishing.IsCompleted.Should().BeFalse("the node stops while the job publishes");
            var before = first.Applied;
            first.Losses.Should().BeEmpty();
            first.Received.Select(e => e.Sequence).Should().Equal(before.Select(e => e.Sequence), "before the stop, every event arrived once, in order");
            await using var second = await ResumingClient.ConnectAsync(node2.HubUrl, "alice", jobId);
            await second.ResumeAsync(first.Current);
            await resumed.CancelAsync();
            await publishing;
            await second.WaitForTerminalAsync();

            var events = published.All;
            var last = first.Current;
            second.Outcome.Should().Be("gapless");
            var received = second.Received;
            var sequences = received.Select(e => e.Sequence).ToList();
            var broken = Enumerable.Range(1, Math.Max(sequences.Count - 1, 0)).FirstOrDefault(i => sequences[i] <= sequences[i - 1]);
            broken.Should().Be(0, $"no duplicate and no reordering after the resume: ... {string.Join(",", sequences.Skip(Math.Max(broken - 5, 0)).Take(10))} ...");
            received.Should().NotBeEmpty().And.OnlyContain(e => e.Sequence > last.Sequence && e.Epoch == last.Epoch);
            received.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence)
                .Should().Equal(events.Where(e => e.Sequence > last.Sequence && e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence),
                    "every event after the last one applied that is not a coalescible progress update arrives once, in order");
            second.Losses.Should().BeEmpty();
            received[^1].Type.Should().Be(ProgressEventType.JobComplete);
            received[^1].Message.Should().Be("done");
            received[^1].Progress.Should().Be(100);
            string.Concat(before.Concat(received).Where(e => e.Chunk is not null).Select(e => e.Chunk!.Text))
                .Should().Be(string.Concat(events.Select(e => e.Text)), "the streamed text is whole");
        }
        finally
        {
            if (!node1Stopped)
            {
                await node1.DisposeAsync();
            }

            await worker.StopAsync();
        }
    }
}
