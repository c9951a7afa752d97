using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Serialization;

namespace ProgressKit.Tests.Serialization;

public class ProgressEventSerializerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 6, 37, 12, 123, TimeSpan.FromHours(2));

    [Fact]
    public void Serialize_WritesTheV1ShapeExactly()
    {
        var e = new ProgressEvent
        {
            Type = ProgressEventType.AgentStatus,
            JobId = "job-1",
            Sequence = 3,
            Timestamp = At,
            Status = JobStatus.Processing,
            Progress = 42.5,
            Stage = "agents",
            Agent = new AgentInfo { Name = "geo_agent", Status = AgentStatus.CallingTool, Tool = "Amazon Location" },
        };

        ProgressEventSerializer.Serialize(e).Should().Be(
            """{"v":1,"type":"agent_status","job_id":"job-1","seq":3,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":42.5,"stage":"agents","agent":{"name":"geo_agent","status":"calling_tool","tool":"Amazon Location"}}""");
    }

    [Fact]
    public void Deserialize_RoundTripsEveryField()
    {
        using var results = JsonDocument.Parse("""{"a":[1,2]}""");
        var e = new ProgressEvent
        {
            Type = ProgressEventType.JobComplete, JobId = "j:1", Epoch = "019ae3f2c4e17f3a", Sequence = 9, KeptSequence = 7, Timestamp = At, Status = JobStatus.Completed, Progress = 100,
            Stage = "s", StageProgress = 100, Message = "m", EstimatedSecondsRemaining = 1.5,
            Chunk = new ChunkInfo { Stream = "output", Index = 2, Text = "t" }, Results = results.RootElement.Clone(),
            Error = new ErrorInfo { Code = "c", Message = "m" }, UserId = "u", TenantId = "t", CorrelationId = "c", Source = "src",
            Metadata = new Dictionary<string, string> { ["k"] = "v" }, Truncated = ["results"],
        };

        var back = ProgressEventSerializer.Deserialize(ProgressEventSerializer.SerializeToUtf8Bytes(e));

        ProgressEventSerializer.Serialize(back).Should().Be(ProgressEventSerializer.Serialize(e));
        back.Timestamp.Should().Be(At);
    }

    [Theory]
    [InlineData("""null""")]
    [InlineData("""{"v":2,"type":"chunk","job_id":"a","seq":1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1}""")]
    [InlineData("""{"v":1,"type":"chunk","job_id":"bad id","seq":1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1}""")]
    [InlineData("""{"v":1,"type":"nope","job_id":"a","seq":1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1}""")]
    [InlineData("""{"v":1,"type":"chunk","job_id":"a","seq":0,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1}""")]
    [InlineData("""{"v":1,"type":"chunk","job_id":"a","seq":1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":101}""")]
    [InlineData("""{"v":1,"type":"chunk","job_id":"a","epoch":"019AE3F2C4E17F3A","seq":1,"kept_seq":1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1}""")]
    [InlineData("""{"v":1,"type":"chunk","job_id":"a","epoch":"019ae3f2c4e17f3a","seq":1,"kept_seq":-1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1}""")]
    [InlineData("""{"v":1,"type":"chunk","job_id":"a","epoch":"019ae3f2c4e17f3a","seq":1,"kept_seq":2,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1}""")]
    [InlineData("""{"type":"chunk"}""")]
    [InlineData("""not json""")]
    public void Deserialize_InvalidInput_ThrowsJsonException(string json)
    {
        var act = () => ProgressEventSerializer.Deserialize(json);

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void ControlReplies_HaveTheDocumentedShape()
    {
        System.Text.Encoding.UTF8.GetString(ProgressEventSerializer.SerializeToUtf8Bytes(new SubscribedReply("job-1", null)))
            .Should().Be("""{"type":"subscribed","job_id":"job-1","snapshot":null}""");
        System.Text.Encoding.UTF8.GetString(ProgressEventSerializer.SerializeToUtf8Bytes(new ErrorReply(ControlErrorCodes.Forbidden, "No.")))
            .Should().Be("""{"type":"error","code":"forbidden","message":"No."}""");
    }
}
