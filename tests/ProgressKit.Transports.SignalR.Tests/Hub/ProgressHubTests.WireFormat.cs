using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProgressKit.Serialization;
using ProgressKit.Transports.SignalR.Tests.Infrastructure;

namespace ProgressKit.Transports.SignalR.Tests.Hub;

public partial class ProgressHubTests
{
    [Fact]
    public async Task ProgressMessage_CarriesExactlyTheWireFormatJson()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));
        await using var server = await TestHubServer.StartAsync(progressKit: o =>
        {
            o.TimeProvider = clock;
            o.Source = "wire-test";
            o.EstimateRemainingTime = false;
        });
        await using var alice = await server.ConnectAsync(user: "alice");
        await alice.SubscribeToMyJobsAsync();

        server.Publisher.PublishStage("json-1", "ingest", progress: 25, message: "Reading \"docs\"", estimatedSecondsRemaining: 12.5);
        await using var job = server.Publisher.StartJob("json-2", userId: "alice", tenantId: "t1", correlationId: "req-7",
            metadata: new Dictionary<string, string> { ["model"] = "m1" });
        job.Complete(JsonDocument.Parse("""{"answer":42}""").RootElement, "done");
        await alice.WaitForTerminalAsync("json-2");
        await server.FlushAsync();

        var raw = alice.RawMessages;
        var published = server.Recorder.SentFor("json-2").ToList();
        raw.Should().Equal(published.Select(ProgressEventSerializer.Serialize), "the client must receive the serializer's bytes verbatim");
        var epoch = published[0].Epoch;
        epoch.Should().MatchRegex("^[0-9a-f]{16}$").And.StartWith(clock.GetUtcNow().ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture));
        raw[0].Should().Be(
            $$$"""{"v":1,"type":"job_started","job_id":"json-2","epoch":"{{{epoch}}}","seq":1,"kept_seq":1,"timestamp":"2026-01-02T03:04:05.678Z","status":"processing","progress":0,"user_id":"alice","tenant_id":"t1","correlation_id":"req-7","source":"wire-test","metadata":{"model":"m1"}}""");
        raw[1].Should().Be(
            $$$"""{"v":1,"type":"job_complete","job_id":"json-2","epoch":"{{{epoch}}}","seq":2,"kept_seq":2,"timestamp":"2026-01-02T03:04:05.678Z","status":"completed","progress":100,"message":"done","results":{"answer":42},"user_id":"alice","tenant_id":"t1","correlation_id":"req-7","source":"wire-test","metadata":{"model":"m1"}}""");
    }

    [Fact]
    public async Task SubscribeReturnValue_IsTheWireFormatSnapshot()
    {
        await using var server = await TestHubServer.StartAsync();
        await using var alice = await server.ConnectAsync(user: "alice");
        await using var job = server.Publisher.StartJob("json-snap", userId: "alice");
        job.ReportProgress(33.3, "a third");
        await server.FlushAsync();

        var snapshot = await alice.Connection.InvokeAsync<JsonElement>(nameof(ProgressHub.Subscribe), "json-snap");

        var expected = ProgressEventSerializer.Serialize(server.Recorder.SentFor("json-snap").Last());
        snapshot.GetRawText().Should().Be(expected[..^1] + ""","streams":{}}""", "the snapshot event's object, with the streams' text added");
        snapshot.GetProperty("job_id").GetString().Should().Be("json-snap");
        snapshot.GetProperty("progress").GetDouble().Should().Be(33.3);
    }
}
