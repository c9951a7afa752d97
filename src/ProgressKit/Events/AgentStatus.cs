using System.Text.Json.Serialization;

namespace ProgressKit.Events;

/// <summary>What an agent in a pipeline is doing; serialized as the snake_case names of wire format v1.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentStatus>))]
public enum AgentStatus
{
    /// <summary>The agent was invoked (<c>invoking</c>).</summary>
    [JsonStringEnumMemberName("invoking")] Invoking,

    /// <summary>The agent is calling a tool (<c>calling_tool</c>).</summary>
    [JsonStringEnumMemberName("calling_tool")] CallingTool,

    /// <summary>The agent finished (<c>complete</c>).</summary>
    [JsonStringEnumMemberName("complete")] Complete,

    /// <summary>The agent failed (<c>failed</c>).</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
