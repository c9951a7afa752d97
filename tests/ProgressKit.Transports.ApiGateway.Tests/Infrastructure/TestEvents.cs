using System.Text.Json;
using ProgressKit.Events;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>Builds wire-format events for tests.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    public static ProgressEvent Progress(string jobId, long seq, string? userId = "alice", string? tenantId = null, double progress = 10) => new()
    {
        Type = ProgressEventType.ProgressUpdate,
        JobId = jobId,
        Sequence = seq,
        Timestamp = Epoch.AddSeconds(seq),
        Status = JobStatus.Processing,
        Progress = progress,
        UserId = userId,
        TenantId = tenantId,
    };

    public static ProgressEvent Completed(string jobId, long seq, string? userId = "alice", JsonElement? results = null) => new()
    {
        Type = ProgressEventType.JobComplete,
        JobId = jobId,
        Sequence = seq,
        Timestamp = Epoch.AddSeconds(seq),
        Status = JobStatus.Completed,
        Progress = 100,
        UserId = userId,
        Results = results,
    };

    /// <summary>A JSON results object of roughly <paramref name="bytes"/> bytes.</summary>
    public static JsonElement LargeResults(int bytes) =>
        JsonDocument.Parse($"{{\"report\":\"{new string('x', bytes)}\"}}").RootElement.Clone();
}
