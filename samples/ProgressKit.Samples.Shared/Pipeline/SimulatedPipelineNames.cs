namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>The stage, agent, tool and error names the simulated pipeline publishes; tests and pages match on them.</summary>
public static class SimulatedPipelineNames
{
    /// <summary>The first stage: the pipeline loads its agents.</summary>
    public const string LoadingAgentsStage = "loading_agents";

    /// <summary>The second stage: the geo and temporal agents work on the question.</summary>
    public const string AgentsStage = "agents";

    /// <summary>The third stage: the answer is written and streamed as chunks.</summary>
    public const string SynthesizingStage = "synthesizing";

    /// <summary>The last stage: the results are saved.</summary>
    public const string SavingStage = "saving";

    /// <summary>The agent that resolves places.</summary>
    public const string GeoAgent = "geo_agent";

    /// <summary>The agent that analyses time series.</summary>
    public const string TemporalAgent = "temporal_agent";

    /// <summary>The tool <see cref="GeoAgent"/> calls.</summary>
    public const string GeoTool = "Amazon Location";

    /// <summary>The tool <see cref="TemporalAgent"/> calls.</summary>
    public const string TemporalTool = "Time Series DB";

    /// <summary>The chunk stream the answer is written to.</summary>
    public const string AnswerStream = "output";

    /// <summary>The error code of a job started with <see cref="SimulatedJobSettings.Fail"/>.</summary>
    public const string FailureCode = "agent_timeout";
}
