using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Serialization;

namespace ProgressKit.Tests.Serialization;

public class ProgressEventSizeLimiterTests
{
    private static ProgressEvent Event(ProgressEventType type = ProgressEventType.JobComplete) => new()
    {
        Type = type, JobId = "job-1", Sequence = 5, Timestamp = DateTimeOffset.UnixEpoch, Status = JobStatus.Completed, Progress = 100, Stage = "save",
    };

    [Fact]
    public void Fit_SmallEvent_IsReturnedUnchanged()
    {
        var e = Event();

        var bytes = ProgressEventSizeLimiter.Fit(e, 4096, out var fitted);

        fitted.Should().BeSameAs(e);
        bytes.Should().Equal(ProgressEventSerializer.SerializeToUtf8Bytes(e));
    }

    [Fact]
    public void Fit_LargeResults_AreRemovedFirstAndFlagged()
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new string('x', 200_000), ProgressEventSerializerTestsContext.Default.String));
        var e = new ProgressEvent(Event()) { Results = doc.RootElement.Clone(), Message = "done" };

        var bytes = ProgressEventSizeLimiter.Fit(e, 128 * 1024, out var fitted);

        bytes.Length.Should().BeLessThanOrEqualTo(128 * 1024);
        fitted.Results.Should().BeNull();
        fitted.Message.Should().Be("done");
        fitted.Truncated.Should().Equal("results");
        fitted.Status.Should().Be(JobStatus.Completed);
        fitted.Sequence.Should().Be(5);
    }

    [Fact]
    public void Fit_HugeChunk_IsShortenedKeepingItsBeginning()
    {
        var text = "start-" + new string('é', 100_000);
        var e = new ProgressEvent(Event(ProgressEventType.Chunk)) { Status = JobStatus.Processing, Progress = 50, Chunk = new ChunkInfo { Stream = "output", Index = 7, Text = text } };

        var bytes = ProgressEventSizeLimiter.Fit(e, 32 * 1024, out var fitted);

        bytes.Length.Should().BeLessThanOrEqualTo(32 * 1024);
        fitted.Chunk!.Text.Should().StartWith("start-");
        fitted.Chunk.Index.Should().Be(7);
        fitted.Truncated.Should().Contain("chunk.text");
    }

    [Fact]
    public void Fit_BelowMinimumLimit_Throws()
    {
        var act = () => ProgressEventSizeLimiter.Fit(Event(), 10, out _);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ProgressEventSerializerTestsContext : System.Text.Json.Serialization.JsonSerializerContext;
