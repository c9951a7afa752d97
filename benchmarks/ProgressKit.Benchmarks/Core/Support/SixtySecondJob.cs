using ProgressKit.Events;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>
/// The job of the message-count measurement: 60 seconds in four weighted stages, reporting stage progress every
/// 10 ms (6,000 updates), with stage starts and completions, agent statuses and streamed chunks in between
/// (31 state transitions in all, counting job_started and job_complete).
/// </summary>
internal static class SixtySecondJob
{
    public const int Ticks = 6_000;

    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public static readonly (string Name, double Weight)[] Stages = [("ingest", 1), ("agents", 3), ("synthesize", 2), ("deliver", 1)];

    private static readonly (string Stage, int First, int End)[] s_schedule =
        [("ingest", 0, 1_000), ("agents", 1_000, 4_000), ("synthesize", 4_000, 5_500), ("deliver", 5_500, Ticks)];

    private static readonly (string Agent, AgentStatus Status)[] s_agentSteps =
    [
        ("geo_agent", AgentStatus.Invoking), ("geo_agent", AgentStatus.CallingTool), ("geo_agent", AgentStatus.Complete),
        ("docs_agent", AgentStatus.Invoking), ("docs_agent", AgentStatus.CallingTool), ("docs_agent", AgentStatus.Complete),
    ];

    /// <summary>Publishes what the job does during <paramref name="tick"/> (0 to 5,999); the last tick completes the job.</summary>
    public static void Publish(IProgressJob job, int tick)
    {
        foreach (var (stage, first, end) in s_schedule)
        {
            if (tick < first || tick >= end)
            {
                continue;
            }

            var step = tick - first;
            if (step == 0)
            {
                job.StartStage(stage);
            }

            if (stage == "agents" && step % 500 == 0)
            {
                var (agent, status) = s_agentSteps[step / 500];
                job.ReportAgentStatus(agent, status, tool: status == AgentStatus.CallingTool ? "search" : null);
            }

            if (stage == "synthesize" && step % 100 == 50)
            {
                job.Chunk($"part {step / 100} of the answer");
            }

            job.ReportStageProgress((step + 1) / (double)(end - first));
            if (tick == end - 1)
            {
                job.CompleteStage();
            }
        }

        if (tick == Ticks - 1)
        {
            job.Complete();
        }
    }
}
