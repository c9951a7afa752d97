using System.Text.Json;
using NJsonSchema;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Serialization;
using ProgressKit.Streams;
using ProgressKit.Tests.Fakes;
using ProgressKit.Tests.Streams;

namespace ProgressKit.Tests.Serialization;

/// <summary>Every kind of event and reply the library can produce validates against the JSON Schemas in docs/.</summary>
public class WireFormatSchemaTests
{
    private static readonly string Docs = Path.Combine(FindRoot(), "docs");

    [Fact]
    public async Task EveryEventTheLibraryProduces_ValidatesAgainstTheSchema()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Docs, "progress-event.schema.json"));
        var events = await ProduceEveryKindOfEventAsync();
        events.Select(e => e.Type).Distinct().Should().HaveCount(Enum.GetValues<ProgressEventType>().Length, "every event type is covered");

        foreach (var e in events)
        {
            var json = ProgressEventSerializer.Serialize(e);
            schema.Validate(json).Should().BeEmpty(json);
        }

        foreach (var job in events.GroupBy(e => e.JobId))
        {
            job.Select(e => e.Epoch).Distinct().Should().ContainSingle("a job keeps its epoch").Which.Should().MatchRegex("^[0-9a-f]{16}$");
            var kept = 0L;
            foreach (var e in job.OrderBy(e => e.Sequence))
            {
                kept += e.Type == ProgressEventType.ProgressUpdate ? 0 : 1;
                e.KeptSequence.Should().Be(kept, "kept_seq counts the events that are not progress_update, up to this one");
            }
        }
    }

    [Fact]
    public async Task CutDownToTheJobState_KeepsThePosition()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Docs, "progress-event.schema.json"));
        var big = new ProgressEvent
        {
            Type = ProgressEventType.ProgressUpdate, JobId = "j", Epoch = "019ae3f2c4e17f3a", Sequence = 9, KeptSequence = 7, Timestamp = DateTimeOffset.UtcNow,
            Status = JobStatus.Processing, Progress = 3, CorrelationId = new string('c', 5000),
        };

        var bytes = ProgressEventSizeLimiter.Fit(big, 1024, out var fitted);

        fitted.Truncated.Should().Contain("*");
        (fitted.Epoch, fitted.Sequence, fitted.KeptSequence).Should().Be(("019ae3f2c4e17f3a", 9L, (long?)7));
        schema.Validate(System.Text.Encoding.UTF8.GetString(bytes)).Should().BeEmpty();
    }

    [Fact]
    public async Task CutDownEvents_ValidateAgainstTheSchema()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Docs, "progress-event.schema.json"));
        var big = new ProgressEvent
        {
            Type = ProgressEventType.JobFailed, JobId = "j", Epoch = "019ae3f2c4e17f3a", Sequence = 2, KeptSequence = 2, Timestamp = DateTimeOffset.UtcNow, Status = JobStatus.Failed, Progress = 3,
            Error = new ErrorInfo { Code = "x", Message = new string('m', 50_000) }, Message = new string('n', 50_000),
        };

        var bytes = ProgressEventSizeLimiter.Fit(big, 2048, out _);

        schema.Validate(System.Text.Encoding.UTF8.GetString(bytes)).Should().BeEmpty();
    }

    [Fact]
    public async Task SchemaRejectsWhatTheLibraryRefuses()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Docs, "progress-event.schema.json"));

        schema.Validate("""{"v":1,"type":"agent_status","job_id":"a","seq":1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1}""").Should().NotBeEmpty("agent_status needs agent");
        schema.Validate("""{"v":1,"type":"chunk","job_id":"bad id","seq":1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":1,"chunk":{"stream":"o","index":0,"text":""}}""").Should().NotBeEmpty();
        schema.Validate("""{"v":1,"type":"job_complete","job_id":"a","seq":1,"timestamp":"2026-11-24T04:37:12Z","status":"completed","progress":100}""").Should().NotBeEmpty("timestamps carry milliseconds");
    }

    [Fact]
    public async Task ControlReplies_ValidateAgainstTheSchema()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Docs, "control-reply.schema.json"));
        var snapshot = (await ProduceEveryKindOfEventAsync())[0];

        foreach (var json in new[]
        {
            ProgressEventSerializer.SerializeToUtf8Bytes(new SubscribedReply("job-1", snapshot)),
            ProgressEventSerializer.SerializeToUtf8Bytes(new SubscribedReply("job-1", null)),
            ProgressEventSerializer.SerializeToUtf8Bytes(new StatusReply("job-1", snapshot)),
            ProgressEventSerializer.SerializeToUtf8Bytes(new ErrorReply(ControlErrorCodes.JobNotFound, "No such job.", "job-1")),
        }.Select(System.Text.Encoding.UTF8.GetString))
        {
            schema.Validate(json).Should().BeEmpty(json);
        }
    }

    [Fact]
    public async Task ResumeContractExamples_ValidateAgainstTheSchemas()
    {
        var events = await JsonSchema.FromFileAsync(Path.Combine(Docs, "progress-event.schema.json"));
        var replies = await JsonSchema.FromFileAsync(Path.Combine(Docs, "control-reply.schema.json"));
        const string Snapshot = """{"v":1,"type":"chunk","job_id":"job-7f3a","epoch":"019ae3f2c4e17f3a","seq":57,"kept_seq":40,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":40,"chunk":{"stream":"output","index":7,"text":"lo"}}""";

        events.Validate(Snapshot).Should().BeEmpty();
        events.Validate(Snapshot.Replace("\"kept_seq\":40,", "\"kept_seq\":40,\"streams\":{\"output\":{\"text\":\"hello\",\"next_index\":8,\"cut\":false}},", StringComparison.Ordinal))
            .Should().BeEmpty("a Subscribe snapshot carries the stream text");
        foreach (var json in new[]
        {
            """{"type":"resumed","job_id":"job-7f3a","outcome":"gapless","epoch":"019ae3f2c4e17f3a","seq":57,"kept_seq":40,"snapshot":null,"streams":null,"replay":12}""",
            $$$"""{"type":"resumed","job_id":"job-7f3a","outcome":"truncated","epoch":"019ae3f2c4e17f3a","seq":57,"kept_seq":40,"snapshot":{{{Snapshot}}},"streams":{"output":{"text":"hello","next_index":8,"cut":true}},"replay":0}""",
            $$$"""{"type":"resumed","job_id":"job-7f3a","outcome":"new_epoch","epoch":"019ae3f2c4e17f3a","seq":57,"kept_seq":40,"snapshot":{{{Snapshot}}},"streams":{},"replay":0}""",
            """{"type":"resumed","job_id":"job-7f3a","outcome":"truncated","epoch":null,"seq":0,"kept_seq":0,"snapshot":null,"streams":{},"replay":0}""",
            """{"type":"error","code":"invalid_cursor","message":"after_seq must be an integer from 0 to 2^53.","job_id":"job-7f3a"}""",
        })
        {
            replies.Validate(json).Should().BeEmpty(json);
        }
    }

    [Fact]
    public async Task ResumedRepliesAndSnapshotsWithStreams_ValidateAgainstTheSchemas()
    {
        var events = await JsonSchema.FromFileAsync(Path.Combine(Docs, "progress-event.schema.json"));
        var replies = await JsonSchema.FromFileAsync(Path.Combine(Docs, "control-reply.schema.json"));
        using var h = new StreamStoreHarness(o => o.MaxEventsPerJob = 3);
        var job = new JobScript("job-1");
        for (var i = 0; i < 5; i++)
        {
            h.Store.Append(job.Chunk("tok "));
        }

        h.Store.Append(job.Progress());
        JobStreamCursor.TryCreate(5, null, out var recent).Should().BeTrue();
        JobStreamCursor.TryCreate(1, StreamStoreHarness.Epoch, out var old).Should().BeTrue();
        JobStreamCursor.TryCreate(1, StreamStoreHarness.LaterEpoch, out var otherEpoch).Should().BeTrue();

        var results = new[]
        {
            ("job-1", await h.Store.ReadAsync("job-1", recent)),
            ("job-1", await h.Store.ReadAsync("job-1", old)),
            ("job-1", await h.Store.ReadAsync("job-1", otherEpoch)),
            ("job-1", await h.Store.ReadAsync("job-1", null)),
            ("job-2", await h.Store.ReadAsync("job-2", recent)),
        };

        results.Select(r => r.Item2.Outcome).Should().Equal(ResumeOutcome.Gapless, ResumeOutcome.Truncated, ResumeOutcome.NewEpoch, ResumeOutcome.Truncated, ResumeOutcome.Truncated);
        foreach (var (jobId, result) in results)
        {
            var json = System.Text.Encoding.UTF8.GetString(ProgressEventSerializer.SerializeToUtf8Bytes(ResumedReply.From(jobId, result)));
            replies.Validate(json).Should().BeEmpty(json);
        }

        var snapshot = System.Text.Encoding.UTF8.GetString(ProgressEventSerializer.SerializeSnapshotWithStreams((await h.Store.GetStateAsync("job-1"))!));
        events.Validate(snapshot).Should().BeEmpty(snapshot);
        snapshot.Should().Contain("\"streams\":{\"output\":{\"text\":\"tok tok tok tok tok \",\"next_index\":5,\"cut\":false}}");
        System.Text.Encoding.UTF8.GetString(ProgressEventSerializer.SerializeToUtf8Bytes(ResumedReply.From("job-2", results[4].Item2)))
            .Should().Be("""{"type":"resumed","job_id":"job-2","outcome":"truncated","epoch":null,"seq":0,"kept_seq":0,"snapshot":null,"streams":{},"replay":0}""");
    }

    [Fact]
    public async Task ClientRequests_ValidateAgainstTheSchema_AndMalformedCursorsAreRejected()
    {
        var requests = await JsonSchema.FromFileAsync(Path.Combine(Docs, "client-request.schema.json"));
        foreach (var json in new[]
        {
            """{"action":"resume","job_id":"job-7f3a","after_seq":12,"epoch":"019ae3f2c4e17f3a"}""",
            """{"action":"resume","job_id":"job-7f3a","after_seq":0,"epoch":null}""",
            """{"action":"resume","job_id":"job-7f3a","after_seq":9007199254740992}""",
            """{"action":"resume","job_id":"job-7f3a"}""",
            """{"action":"subscribe","job_id":"job-7f3a"}""",
            """{"action":"unsubscribe","job_id":"job-7f3a"}""",
            """{"action":"request_status","job_id":"job-7f3a"}""",
            """{"action":"cancel_job","job_id":"job-7f3a"}""",
            """{"action":"subscribe_my_jobs"}""",
        })
        {
            requests.Validate(json).Should().BeEmpty(json);
        }

        foreach (var (json, why) in new[]
        {
            ("""{"action":"resume","job_id":"j","after_seq":-1}""", "after_seq counts from 0"),
            ("""{"action":"resume","job_id":"j","after_seq":1.5}""", "after_seq is an integer"),
            ("""{"action":"resume","job_id":"j","after_seq":9007199254740993}""", "after_seq is at most 2^53"),
            ("""{"action":"resume","job_id":"j","after_seq":"12"}""", "after_seq is a number"),
            ("""{"action":"resume","job_id":"j","after_seq":3,"epoch":"019AE3F2C4E17F3A"}""", "epochs are lowercase hex"),
            ("""{"action":"resume","job_id":"j","epoch":"019ae3f2c4e17f3a"}""", "an epoch names the epoch of after_seq"),
            ("""{"action":"resume","after_seq":3}""", "a resume names its job"),
            ("""{"action":"resume","job_id":"a b","after_seq":3}""", "job ids are restricted"),
            ("""{"action":"replay","job_id":"j"}""", "unknown action"),
        })
        {
            requests.Validate(json).Should().NotBeEmpty(why);
        }
    }

    [Fact]
    public async Task SchemasRejectMalformedPositions()
    {
        var events = await JsonSchema.FromFileAsync(Path.Combine(Docs, "progress-event.schema.json"));
        var replies = await JsonSchema.FromFileAsync(Path.Combine(Docs, "control-reply.schema.json"));

        events.Validate("""{"v":1,"type":"job_started","job_id":"a","epoch":"019AE3F2C4E17F3A","seq":1,"kept_seq":1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":0}""").Should().NotBeEmpty("epochs are lowercase hex");
        events.Validate("""{"v":1,"type":"job_started","job_id":"a","epoch":"019ae3f2c4e17f3a","seq":1,"kept_seq":-1,"timestamp":"2026-11-24T04:37:12.123Z","status":"processing","progress":0}""").Should().NotBeEmpty("kept_seq counts from 0");
        replies.Validate("""{"type":"resumed","job_id":"a","outcome":"gapless","epoch":"019ae3f2c4e17f3a","seq":5,"kept_seq":5,"snapshot":null,"streams":{},"replay":0}""").Should().NotBeEmpty("gapless carries no streams");
        replies.Validate("""{"type":"resumed","job_id":"a","outcome":"truncated","epoch":null,"seq":0,"kept_seq":0,"snapshot":null,"streams":{},"replay":3}""").Should().NotBeEmpty("truncated replays nothing");
        replies.Validate("""{"type":"resumed","job_id":"a","outcome":"partial","epoch":null,"seq":0,"kept_seq":0,"snapshot":null,"streams":{},"replay":0}""").Should().NotBeEmpty();
    }

    private static async Task<List<ProgressEvent>> ProduceEveryKindOfEventAsync()
    {
        var transport = new FakeTransport();
        await using var h = PublisherHarness.Create(o => o.Source = "svc", build: b => b.UseStateStore<RecordingStateStore>(), transports: transport);
        using var results = JsonDocument.Parse("""{"answer":"42","items":[1,2]}""");
        using (var job = h.Publisher.AcceptJob("job-a", "u", "t", [("s1", 1), ("s2", 1)], "corr", new Dictionary<string, string> { ["k"] = "v" }))
        {
            job.Start("go");
            job.StartStage("s1");
            job.ReportStageProgress(0.5, estimatedSecondsRemaining: 3);
            job.ReportAgentStatus("geo", AgentStatus.Invoking);
            job.ReportAgentStatus("geo", AgentStatus.CallingTool, "maps");
            job.ReportAgentStatus("geo", AgentStatus.Complete, confidence: 0.9);
            job.ReportAgentStatus("geo2", AgentStatus.Failed, message: "x");
            job.Chunk("hello \"world\" ✓");
            job.CompleteStage();
            job.Complete(results.RootElement);
        }

        h.Publisher.PublishStage("job-b", "loading", 10, "Loading");
        h.Publisher.PublishProgress("job-b", 20);
        h.Publisher.PublishChunk("job-b", "t", "log");
        h.Publisher.PublishFailed("job-b", "agent_timeout", "The agent timed out.");
        h.Publisher.PublishCancelled("job-c", "user asked");
        using (h.Publisher.StartJob("job-d"))
        {
            // Disposed without a terminal event: job_failed "abandoned".
        }

        (await h.Publisher.FlushAsync(TestTimeouts.Signal)).Should().BeTrue();
        transport.Delivered.Should().NotBeEmpty();
        return [.. ((RecordingStateStore)h.StateStore).All];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProgressKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (ProgressKit.sln) not found.");
    }
}
