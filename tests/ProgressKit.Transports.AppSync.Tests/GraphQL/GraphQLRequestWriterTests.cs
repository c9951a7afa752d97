using System.Text.Json.Nodes;
using ProgressKit.Serialization;
using ProgressKit.Transports.AppSync.GraphQL;
using ProgressKit.Transports.AppSync.Tests.Support;

namespace ProgressKit.Transports.AppSync.Tests.GraphQL;

public sealed class GraphQLRequestWriterTests
{
    [Fact]
    public void Write_DefaultMutation_SendsTheEventInWireNames_ObjectFieldsAsAwsJsonStrings()
    {
        var progressEvent = TestEvents.Full();
        var writer = new GraphQLRequestWriter(new AppSyncTransportOptions());

        var body = JsonNode.Parse(writer.Write(progressEvent, out var fitted))!.AsObject();

        fitted.Should().BeSameAs(progressEvent);
        body["query"]!.GetValue<string>().Should().Be(AppSyncGraphQLOptions.DefaultMutationDocument);
        var input = body["variables"]!["event"]!.AsObject();
        var wire = JsonNode.Parse(ProgressEventSerializer.SerializeToUtf8Bytes(progressEvent))!.AsObject();
        input.Select(p => p.Key).Should().BeEquivalentTo(wire.Select(p => p.Key));
        foreach (var name in new[] { "agent", "chunk", "results", "error", "metadata" })
        {
            JsonNode.DeepEquals(JsonNode.Parse(input[name]!.GetValue<string>()), wire[name]).Should().BeTrue(name);
        }

        foreach (var name in new[] { "v", "job_id", "seq", "type", "status", "progress", "stage", "message", "timestamp", "user_id", "source" })
        {
            JsonNode.DeepEquals(input[name], wire[name]).Should().BeTrue(name);
        }
    }

    [Fact]
    public void Write_OversizeEvent_IsCutSoThatTheSubscriptionPayloadFits()
    {
        const int Limit = 4096;
        // Quotes double in size inside an AWSJSON string: the writer must count the escaped size, not the wire size.
        var progressEvent = TestEvents.Full(
            results: System.Text.Json.JsonDocument.Parse("{\"q\":\"" + string.Concat(Enumerable.Repeat("\\\"", 1500)) + "\"}").RootElement.Clone(),
            message: new string('m', 3000));
        var writer = new GraphQLRequestWriter(new AppSyncTransportOptions { MaxEventBytes = Limit });

        var body = JsonNode.Parse(writer.Write(progressEvent, out var fitted))!.AsObject();

        var input = body["variables"]!["event"]!;
        System.Text.Encoding.UTF8.GetByteCount(input.ToJsonString()).Should().BeLessThanOrEqualTo(Limit);
        fitted.Truncated.Should().Contain("results");
        input["truncated"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain("results");
        input["job_id"]!.GetValue<string>().Should().Be(progressEvent.JobId);
        input["seq"]!.GetValue<long>().Should().Be(progressEvent.Sequence);
    }

    [Fact]
    public void Write_CustomDocumentAndVariables_SendsThemAsGiven()
    {
        var options = new AppSyncTransportOptions();
        options.GraphQL.MutationDocument = "mutation M($id: ID!, $payload: AWSJSON!) { publishStatus(id: $id, payload: $payload) { id payload } }";
        options.GraphQL.VariablesFactory = e => new JsonObject { ["id"] = e.JobId, ["payload"] = ProgressEventSerializer.Serialize(e) };

        var body = JsonNode.Parse(new GraphQLRequestWriter(options).Write(TestEvents.Progress(), out _))!.AsObject();

        body["query"]!.GetValue<string>().Should().Be(options.GraphQL.MutationDocument);
        body["variables"]!["id"]!.GetValue<string>().Should().Be("job-1");
        ProgressEventSerializer.Deserialize(body["variables"]!["payload"]!.GetValue<string>()).Sequence.Should().Be(1);
    }
}
