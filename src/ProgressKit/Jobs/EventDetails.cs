using System.Text.Json;
using ProgressKit.Events;

namespace ProgressKit.Jobs;

/// <summary>What one event carries beyond the job's state, which <see cref="JobTracker.Next"/> adds whole.</summary>
internal readonly record struct EventDetails(
    string? Message = null,
    AgentInfo? Agent = null,
    ChunkInfo? Chunk = null,
    JsonElement? Results = null,
    ErrorInfo? Error = null);
