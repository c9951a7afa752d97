using System.Text.Json;
using ProgressKit.Events;
using static ProgressKit.Samples.Shared.Pipeline.SimulatedPipelineNames;

namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>The script of one simulated job: its stages, their cues, and the results they add up to.</summary>
internal sealed class PipelineRun
{
    private readonly bool _fail;
    private readonly double _geoConfidence;
    private readonly double _temporalConfidence;

    public PipelineRun(SimulatedJobSettings settings, Random random)
    {
        _fail = settings.Fail;
        _geoConfidence = Confidence(random);
        _temporalConfidence = Confidence(random);
    }

    public IReadOnlyList<StageScript> Stages => [LoadingAgents(), Agents(), Synthesizing(), Saving()];

    public JsonElement Results() => JsonSerializer.SerializeToElement(
        new SimulatedJobResults(
            SimulatedAnswer.Question,
            SimulatedAnswer.Text,
            [
                new AgentFinding(GeoAgent, GeoTool, _geoConfidence, "3 slow routes: I-5 corridor, West Seattle Bridge detour, South Lake Union"),
                new AgentFinding(TemporalAgent, TemporalTool, _temporalConfidence, "Delays cluster Tue and Thu 16:00-18:00, +35% over the monthly mean"),
            ]),
        PipelineJsonContext.Default.SimulatedJobResults);

    // Plausible confidences, rounded as a model would report them.
    private static double Confidence(Random random) => Math.Round(0.78 + (random.NextDouble() * 0.2), 2);

    private static StageScript LoadingAgents() =>
        new(LoadingAgentsStage, minTicks: 4, "Loading agents", "2 agents ready")
        {
            ProgressMessage = f => f < 0.5 ? $"Loading {GeoAgent}" : $"Loading {TemporalAgent}",
        };

    private StageScript Agents()
    {
        var stage = new StageScript(AgentsStage, minTicks: 16, $"Running {GeoAgent} and {TemporalAgent}", "Both agents answered")
        {
            ProgressMessage = _ => "Agents working",
        };
        stage
            .At(0, j => j.ReportAgentStatus(GeoAgent, AgentStatus.Invoking, message: "Finding the places in the question"))
            .At(0.05, j => j.ReportAgentStatus(TemporalAgent, AgentStatus.Invoking, message: "Finding the time window"))
            .At(0.15, j => j.ReportAgentStatus(GeoAgent, AgentStatus.CallingTool, GeoTool, message: "Looking up route geometry"))
            .At(0.3, j => j.ReportAgentStatus(TemporalAgent, AgentStatus.CallingTool, TemporalTool, message: "Querying delivery times"))
            .At(0.6, j => j.ReportAgentStatus(GeoAgent, AgentStatus.Complete, GeoTool, _geoConfidence, "Matched 3 routes"));
        if (_fail)
        {
            stage.At(0.7, j =>
            {
                j.ReportAgentStatus(TemporalAgent, AgentStatus.Failed, TemporalTool, message: "No answer from Time Series DB");
                j.Fail(FailureCode, $"{TemporalAgent} did not answer in time (simulated failure).");
            });
        }
        else
        {
            stage.At(0.85, j => j.ReportAgentStatus(TemporalAgent, AgentStatus.Complete, TemporalTool, _temporalConfidence, "Found 2 peak windows"));
        }

        return stage;
    }

    private static StageScript Synthesizing()
    {
        var chunks = SimulatedAnswer.Chunks;
        var stage = new StageScript(SynthesizingStage, minTicks: chunks.Count + 1, "Writing the answer", "Answer written")
        {
            ProgressMessage = _ => "Writing the answer",
        };

        // Spread the chunks over the stage and leave its last tick for finishing touches, as a model would.
        for (var i = 0; i < chunks.Count; i++)
        {
            var text = chunks[i];
            stage.At((i + 1.0) / (chunks.Count + 1), j => j.Chunk(text, AnswerStream));
        }

        return stage;
    }

    private static StageScript Saving() =>
        new(SavingStage, minTicks: 4, "Saving results", "Results saved")
        {
            ProgressMessage = _ => "Saving results",
        };
}
