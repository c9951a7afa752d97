using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Transports.SignalR.Sending;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

/// <summary>
/// A resume must not wait for the job to stop publishing: the job publishes without waiting for its lanes (up to a
/// bound it should never reach) until three real clients' <c>Resume</c> replies have arrived, and each client then has
/// every event after its cursor (or after its snapshot), in order, once, through the job's end.
/// </summary>
public sealed class ResumeUnderFastJobTests(ITestOutputHelper output)
{
    private const string JobId = "fast-1";
    private const int MaxChunks = 200_000;
    private const int ResumeAtChunk = 500;
    private const int Behind = 100;
    private const int Clients = 3;
    private const int YieldEvery = 100;

    [Fact]
    public async Task Resume_WhileTheJobPublishesWithoutPause_RepliesBeforeTheJobStops_AndTheClientGetsEveryLaterEventInOrderOnce()
    {
        await using var server = await TestHubServer.StartAsync(progressKit: o => o.BufferCapacity = MaxChunks + 100);
        await using var job = server.Publisher.StartJob(JobId, userId: "alice");
        var clients = new List<TestHubClient>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(await server.ConnectAsync(user: "alice"));
        }

        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var replied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The publisher stops when the reply has arrived, or at its bound when the reply waits for the job to stop. It
        // never waits for the lanes (a pause let the hub catch up with them), which hold all it may publish; it only
        // yields its thread now and then, so that on a small machine the server's other work is not starved.
        var publishing = Task.Run(async () =>
        {
            var chunks = 0;
            for (; chunks < MaxChunks && !replied.Task.IsCompleted; chunks++)
            {
                job.Chunk($"c{chunks} ");
                if (chunks == ResumeAtChunk)
                {
                    reached.TrySetResult();
                }

                if (chunks % YieldEvery == 0)
                {
                    await Task.Yield();
                }
            }

            job.Complete(message: "done");
            return chunks;
        });
        await reached.Task.WaitAsync(TestHubClient.Timeout);
        var after = job.Position!.Value.Sequence - Behind;

        var replies = await Task.WhenAll(clients.Select(c => c.ResumeAsync(JobId, after, null)));
        replied.TrySetResult();
        var published = await publishing;
        output.WriteLine($"the job published {published} chunks before every reply had arrived");

        published.Should().BeLessThan(MaxChunks, "every reply must arrive while the job is still publishing, not after it stopped");
        await server.FlushAsync();
        var sent = server.Recorder.SentFor(JobId).ToList();
        sent[^1].Type.Should().Be(ProgressEventType.JobComplete);
        foreach (var (client, reply) in clients.Zip(replies))
        {
            // Gapless from the cursor, or from the snapshot when the store no longer held every event after it.
            var from = reply.GetProperty("outcome").GetString() == "gapless" ? after : reply.GetProperty("seq").GetInt64();
            var received = await client.WaitForTerminalAsync(JobId);
            var sequences = received.Select(e => e.Sequence).ToList();
            var broken = Enumerable.Range(1, Math.Max(sequences.Count - 1, 0)).FirstOrDefault(i => sequences[i] <= sequences[i - 1]);
            broken.Should().Be(0, $"no duplicate and no reordering: ... {string.Join(",", sequences.Skip(Math.Max(broken - 5, 0)).Take(10))} ...");
            sequences.Should().Equal(sent.Where(e => e.Sequence > from).Select(e => e.Sequence), "every event after the cursor arrives, in order, once");
            received[^1].Message.Should().Be("done");
            await client.DisposeAsync();
        }

        server.Services.GetRequiredService<ResumeGate>().OpenCount.Should().Be(0, "the resume ended with the first newer event or the terminal one");
    }
}
