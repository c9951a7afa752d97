using ProgressKit.Events;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Dispatch;

public class OrderingConcurrencyTests
{
    [Fact]
    public async Task ManyJobsOnManyThreads_PerJobOrderIsKept_NoTerminalEventIsLost()
    {
        const int Jobs = 200;
        var random = new Random(42);
        var transport = new FakeTransport
        {
            // Sends of different jobs finish out of order; the dispatcher must still keep each job's order.
            Behavior = async (e, _, ct) =>
            {
                if (e.Sequence % 7 == 0)
                {
                    await Task.Yield();
                }
            },
        };
        await using var h = PublisherHarness.Create(o => o.MaxConcurrentSendsPerTransport = 8, transports: transport);

        await Parallel.ForEachAsync(Enumerable.Range(0, Jobs), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (j, _) =>
        {
            await using var job = h.Publisher.StartJob($"job-{j}", $"user-{j % 5}", stages: [("a", 1), ("b", 2)]);
            job.StartStage("a");
            for (var i = 1; i <= 10; i++)
            {
                job.ReportStageProgress(i / 10.0);
            }

            job.ReportAgentStatus("geo", AgentStatus.Invoking);
            job.CompleteStage();
            job.StartStage("b");
            job.Chunk($"chunk of {j}");
            if (j % 10 == 0)
            {
                job.Fail("boom", "Simulated.");
            }
            else
            {
                job.Complete();
            }
        });

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        var byJob = transport.Delivered.GroupBy(e => e.JobId).ToDictionary(g => g.Key, g => g.ToList());
        byJob.Should().HaveCount(Jobs);
        foreach (var (jobId, events) in byJob)
        {
            events.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems($"{jobId} keeps its order");
            events.Select(e => e.Progress).Should().BeInAscendingOrder($"{jobId} progress never decreases");
            events[^1].IsTerminal.Should().BeTrue($"{jobId} ends with its terminal event");
            events.Where(e => e.Type != ProgressEventType.ProgressUpdate).Select(e => e.Type).Should().ContainInOrder(
                ProgressEventType.JobStarted, ProgressEventType.StageStarted, ProgressEventType.AgentStatus,
                ProgressEventType.StageComplete, ProgressEventType.StageStarted, ProgressEventType.Chunk);
        }
    }
}
