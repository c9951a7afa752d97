using System.Text.Json;
using ProgressKit.Events;

namespace ProgressKit.Transports.AppSync.Tests.Support;

public static class TestEvents
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 37, 12, 123, TimeSpan.Zero);

    public static ProgressEvent Progress(string jobId = "job-1", long seq = 1, string? message = null, string? userId = null) => new()
    {
        Type = ProgressEventType.ProgressUpdate,
        JobId = jobId,
        Sequence = seq,
        Timestamp = Now,
        Status = JobStatus.Processing,
        Progress = 42.5,
        Stage = "agents",
        StageProgress = 10,
        Message = message,
        EstimatedSecondsRemaining = 12.25,
        UserId = userId,
    };

    /// <summary>An event with every field set, the five object fields included.</summary>
    public static ProgressEvent Full(string jobId = "job-1", long seq = 7, JsonElement? results = null, string message = "done \"quoted\" ünïcode") => new()
    {
        Type = ProgressEventType.JobComplete,
        JobId = jobId,
        Sequence = seq,
        Timestamp = Now,
        Status = JobStatus.Completed,
        Progress = 100,
        Stage = "report",
        StageProgress = 100,
        Message = message,
        EstimatedSecondsRemaining = 0,
        Agent = new AgentInfo { Name = "geo_agent", Status = AgentStatus.CallingTool, Tool = "maps", Confidence = 0.5 },
        Chunk = new ChunkInfo { Stream = "output", Index = 3, Text = "hello" },
        Results = results ?? JsonDocument.Parse("""{"answer":42,"list":[1,2]}""").RootElement.Clone(),
        Error = new ErrorInfo { Code = "none", Message = "no error" },
        UserId = "user-1",
        TenantId = "tenant-1",
        CorrelationId = "corr-1",
        Source = "tests",
        Metadata = new Dictionary<string, string> { ["k"] = "v" },
    };
}
