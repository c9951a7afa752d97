using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Dispatch;

public class SmokeTests
{
    [Fact]
    public async Task WholeJob_ReachesTransportInOrder()
    {
        var transport = new RecordingTransport();
        var services = new ServiceCollection();
        services.AddProgressKit(o => o.Source = "test").AddTransport(_ => transport);
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<IProgressPublisher>();

        await using (var job = publisher.StartJob("job-1", "u1", stages: [("ingest", 1), ("agents", 3)]))
        {
            job.StartStage("ingest");
            job.ReportStageProgress(0.5);
            job.CompleteStage();
            job.StartStage("agents");
            job.ReportAgentStatus("geo_agent", AgentStatus.CallingTool, tool: "maps");
            job.Chunk("hello");
            job.Complete();
        }

        (await publisher.FlushAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
        var sent = transport.SentFor("job-1").ToList();
        sent.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        sent[^1].Type.Should().Be(ProgressEventType.JobComplete);
        sent[^1].Progress.Should().Be(100);
        sent.Should().Contain(e => e.Type == ProgressEventType.AgentStatus);
    }
}
