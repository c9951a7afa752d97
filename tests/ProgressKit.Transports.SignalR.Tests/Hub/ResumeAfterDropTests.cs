using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

/// <summary>
/// Issue 20, part 7, "drop mid-stream and resume", in memory: the server aborts a client's connection while a job
/// streams chunks without pause; the client resumes on a new connection from the last event it applied and gets every
/// later non-coalescible event once, in order, and the whole text.
/// </summary>
public sealed class ResumeAfterDropTests
{
    private const int MaxChunks = 8_000;

    [Fact]
    public async Task Resume_AfterTheConnectionIsAbortedMidStream_GetsEveryLaterEventOnceInOrderAndTheWholeText()
    {
        var aborter = new ConnectionAborter();
        await using var server = await TestHubServer.StartAsync(
            progressKit: o =>
            {
                // The log and a replay hold the whole job: this test is about the seam after a drop, not truncation.
                o.Streams.MaxEventsPerJob = 100_000;
                o.Streams.MaxReplayEvents = 100_000;
                o.Streams.MaxBytesPerJob = 64L << 20;
            },
            builder: kit => kit.Services.Configure<HubOptions>(o => o.AddFilter(aborter)));
        await using var job = server.Publisher.StartJob("drop-1", userId: "alice");
        await server.FlushAsync();
        var first = await server.ConnectAsync(user: "alice");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        (await first.ResumeAsync("drop-1", 0, null)).GetProperty("outcome").GetString().Should().Be("gapless");
        using var resumed = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            var i = 0;
            for (var after = 0; after < 50 && i < MaxChunks; i++)
            {
                job.Chunk($"c{i} ");
                job.ReportProgress(Math.Min(99, i / 100.0));
                after += resumed.IsCancellationRequested ? 1 : 0;
                if (i % 100 == 99)
                {
                    await server.FlushAsync();
                }
            }

            job.Complete(message: "done");
        });

        // Dropped while chunks are in flight to it.
        await first.WaitForAsync(e => e.Chunk?.Index == 100);
        aborter.AbortAll().Should().Be(1);
        await closed.Task.WaitAsync(TestHubClient.Timeout);
        publishing.IsCompleted.Should().BeFalse("the connection drops while the job publishes");
        var before = first.Events.Where(e => e.JobId == "drop-1").ToList();
        await first.DisposeAsync();
        var last = before[^1];
        await using var second = await server.ConnectAsync(user: "alice");
        var reply = await second.ResumeAsync("drop-1", last.Sequence, last.Epoch);
        await resumed.CancelAsync();
        await publishing;
        var after = await second.WaitForTerminalAsync("drop-1");
        await server.FlushAsync();

        var published = server.Recorder.SentFor("drop-1").ToList();
        reply.GetProperty("outcome").GetString().Should().Be("gapless", $"resumed after {last.Sequence} of {published.Count}; reply seq {reply.GetProperty("seq")}");
        foreach (var (received, name) in new[] { (before, "before the drop"), (after, "after the resume") })
        {
            var sequences = received.Select(e => e.Sequence).ToList();
            var broken = Enumerable.Range(1, Math.Max(sequences.Count - 1, 0)).FirstOrDefault(i => sequences[i] <= sequences[i - 1]);
            broken.Should().Be(0, $"no duplicate and no reordering {name}: ... {string.Join(",", sequences.Skip(Math.Max(broken - 5, 0)).Take(10))} ...");
        }

        after.Should().NotBeEmpty().And.OnlyContain(e => e.Sequence > last.Sequence && e.Epoch == last.Epoch);
        after.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence)
            .Should().Equal(published.Where(e => e.Sequence > last.Sequence && e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Sequence),
                "every event after the last one applied that is not a coalescible progress update arrives once, in order");
        after[^1].Type.Should().Be(ProgressEventType.JobComplete);
        after[^1].Message.Should().Be("done");
        after[^1].Progress.Should().Be(100);
        var text = string.Concat(before.Concat(after).Where(e => e.Chunk is not null).Select(e => e.Chunk!.Text));
        text.Should().Be(string.Concat(published.Where(e => e.Chunk is not null).Select(e => e.Chunk!.Text)), "the streamed text is whole");
        text.Should().StartWith("c0 c1 ").And.EndWith($"c{published.Count(e => e.Chunk is not null) - 1} ");
        server.Services.GetRequiredService<ResumeGate>().OpenCount.Should().Be(0, "the aborted connection's resume was closed with it");
    }
}
