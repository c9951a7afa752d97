using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProgressKit.TestUtilities;

namespace ProgressKit.LocalServers.Tests;

public sealed class AppSyncSimulatorServerTests(AppSyncSimulatorFixture fixture) : IClassFixture<AppSyncSimulatorFixture>
{
    private const string PublishMutation =
        "mutation P($job: ID!, $seq: Int!) { publishProgress(job_id: $job, seq: $seq, type: \"progress\", status: \"running\", progress: 1) { job_id seq type status progress } }";

    private const string Subscription =
        "subscription S($job: ID!) { onJobProgress(job_id: $job) { job_id seq type status progress } }";

    [Fact]
    public async Task Query_WithApiKey_Answers()
    {
        using var response = await PostGraphQlAsync(fixture.Server, "{ ping }", apiKey: fixture.ApiKey);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"data\":{\"ping\":\"pong\"}}");
    }

    [Fact]
    public async Task Query_WithWrongApiKey_Answers401()
    {
        using var response = await PostGraphQlAsync(fixture.Server, "{ ping }", apiKey: "da2-wrong");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Subscription_GetsOnlyItsOwnJob()
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        using var subscriber = await AppSyncRealtimeClient.ConnectAsync(fixture.Server, timeout.Token);
        await subscriber.SubscribeAsync("sub-1", Subscription, new JsonObject { ["job"] = "job-a" }, timeout.Token);

        using var other = await PublishAsync(fixture.Server, "job-b", seq: 1);
        using var own = await PublishAsync(fixture.Server, "job-a", seq: 2);
        var data = await subscriber.ReceiveAsync("data", timeout.Token);

        var evt = data.GetProperty("payload").GetProperty("data").GetProperty("onJobProgress");
        evt.GetProperty("job_id").GetString().Should().Be("job-a", "the fidelity patch filters by subscription arguments");
        evt.GetProperty("seq").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task StartFrameWithWrongApiKey_DoesNotKillSimulator()
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        using var subscriber = await AppSyncRealtimeClient.ConnectAsync(fixture.Server, timeout.Token);
        var data = new JsonObject { ["query"] = Subscription, ["variables"] = new JsonObject { ["job"] = "job-a" } }.ToJsonString();
        var badStart = new JsonObject
        {
            ["id"] = "bad",
            ["type"] = "start",
            ["payload"] = new JsonObject
            {
                ["data"] = data,
                ["extensions"] = new JsonObject
                {
                    ["authorization"] = new JsonObject { ["host"] = fixture.GraphQlUrl.Authority, ["x-api-key"] = "da2-wrong" },
                },
            },
        };

        // Unpatched, the simulator dies of an unhandled rejection right after this frame.
        await subscriber.SendRawAsync(badStart.ToJsonString(), timeout.Token);
        await subscriber.SubscribeAsync("good", Subscription, new JsonObject { ["job"] = "job-a" }, timeout.Token);

        using var response = await PostGraphQlAsync(fixture.Server, "{ ping }", apiKey: fixture.ApiKey);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        fixture.Server.Process.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task StartAsync_CustomSchemaAndResolvers_ServesThem()
    {
        var folder = Directory.CreateTempSubdirectory("progresskit-appsync-");
        try
        {
            var schema = Path.Combine(folder.FullName, "schema.graphql");
            var resolvers = Path.Combine(folder.FullName, "resolvers.json");
            await File.WriteAllTextAsync(schema, "type Query { greet(name: String!): String }");
            await File.WriteAllTextAsync(resolvers, JsonSerializer.Serialize(new[]
            {
                new
                {
                    typeName = "Query",
                    fieldName = "greet",
                    requestMappingTemplate = "{\"version\":\"2018-05-29\",\"payload\":\"hello $ctx.arguments.name\"}",
                    responseMappingTemplate = "$util.toJson($ctx.result)",
                },
            }));
            await using var server = await AppSyncSimulatorServer.StartAsync(schema, resolvers, "da2-custom").WithTimeout(TestTimeouts.FirstServerStart);

            using var response = await PostGraphQlAsync(server, "{ greet(name: \"pk\") }", apiKey: "da2-custom");

            server.ApiKey.Should().Be("da2-custom");
            (await response.Content.ReadAsStringAsync()).Should().Be("{\"data\":{\"greet\":\"hello pk\"}}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<HttpResponseMessage> PublishAsync(AppSyncSimulatorServer server, string job, int seq) =>
        PostGraphQlAsync(server, PublishMutation, server.ApiKey, new { job, seq });

    private static async Task<HttpResponseMessage> PostGraphQlAsync(AppSyncSimulatorServer server, string query, string apiKey, object? variables = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, server.GraphQlUrl)
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        request.Headers.Add("x-api-key", apiKey);
        using var timeout = TestTimeouts.CreateTokenSource();
        var response = await http.SendAsync(request, timeout.Token);
        await response.Content.LoadIntoBufferAsync(timeout.Token);
        return response;
    }
}
