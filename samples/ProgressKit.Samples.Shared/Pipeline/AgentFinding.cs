namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>One agent's part of the <see cref="SimulatedJobResults"/>.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Tool">The tool it called.</param>
/// <param name="Confidence">Its confidence, from 0 to 1.</param>
/// <param name="Summary">What it found.</param>
internal sealed record AgentFinding(string Name, string Tool, double Confidence, string Summary);
