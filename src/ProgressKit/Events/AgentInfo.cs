namespace ProgressKit.Events;

/// <summary>The <c>agent</c> object of an <c>agent_status</c> event.</summary>
public sealed class AgentInfo
{
    /// <summary>Initializes a new instance; set its required members with an object initializer.</summary>
    public AgentInfo()
    {
    }

    /// <summary>Gets the agent's name, for example <c>geo_agent</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the agent is doing.</summary>
    public required AgentStatus Status { get; init; }

    /// <summary>Gets the tool the agent calls, when <see cref="Status"/> is <see cref="AgentStatus.CallingTool"/>.</summary>
    public string? Tool { get; init; }

    /// <summary>Gets the agent's confidence in its answer, from 0 to 1, when it reports one.</summary>
    public double? Confidence { get; init; }
}
