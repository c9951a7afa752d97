namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>The <c>results</c> of a completed simulated job.</summary>
/// <param name="Question">The question the pipeline answered.</param>
/// <param name="Answer">The whole answer (the streamed chunks, joined).</param>
/// <param name="Agents">What each agent found.</param>
internal sealed record SimulatedJobResults(string Question, string Answer, IReadOnlyList<AgentFinding> Agents);
