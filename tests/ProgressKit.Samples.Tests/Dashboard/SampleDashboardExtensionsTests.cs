using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ProgressKit.Samples.Shared;
using ProgressKit.Samples.Tests.Fakes;

namespace ProgressKit.Samples.Tests.Dashboard;

public class SampleDashboardExtensionsTests
{
    [Fact]
    public async Task Root_ServesTheDashboardPage()
    {
        await using var server = await SampleServer.StartAsync(app => app.MapSampleDashboard(SignalRConfig()));

        using var response = await server.Client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("id=\"start-job\"").And.Contain("js/app.js");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
    }

    [Theory]
    [InlineData("/index.html", "text/html")]
    [InlineData("/css/dashboard.css", "text/css")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/js/dashboard.js", "text/javascript")]
    [InlineData("/js/adapters/signalr-adapter.js", "text/javascript")]
    [InlineData("/lib/sample-lib/sample-lib.js", "text/javascript")]
    public async Task PageFilesAndTheAppsOwnLib_AreServedFromTheOutputFolder(string path, string mediaType)
    {
        await using var server = await SampleServer.StartAsync(app => app.MapSampleDashboard(SignalRConfig()));

        using var response = await server.Client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        SampleDashboardExtensions.WebRootPath.Should().Be(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
    }

    [Theory]
    [InlineData("/README.md")]
    [InlineData("/js/missing.js")]
    public async Task FilesThatAreNotPartOfThePage_AreNotServed(string path)
    {
        await using var server = await SampleServer.StartAsync(app => app.MapSampleDashboard(SignalRConfig()));

        using var response = await server.Client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ConfigJson_AnswersTheAppsTransportSettings()
    {
        await using var server = await SampleServer.StartAsync(app => app.MapSampleDashboard(SignalRConfig()));

        using var response = await server.Client.GetAsync("/config.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var config = await response.Content.ReadFromJsonAsync<JsonElement>();
        config.GetProperty("transport").GetString().Should().Be("signalr");
        config.GetProperty("hubUrl").GetString().Should().Be("/hubs/progress");
    }

    [Fact]
    public async Task ConfigJson_FromAFactory_IsMadePerRequest()
    {
        await using var server = await SampleServer.StartAsync(app => app.MapSampleDashboard(context => new JsonObject
        {
            ["transport"] = "apigateway",
            ["websocketUrl"] = $"ws://{context.Request.Host.Host}:3001",
        }));

        var config = await server.Client.GetFromJsonAsync<JsonElement>("/config.json");

        config.GetProperty("websocketUrl").GetString().Should().Be("ws://127.0.0.1:3001");
    }

    [Fact]
    public async Task ConfigJson_FromATypedRecord_UsesItsSourceGeneratedMetadata()
    {
        await using var server = await SampleServer.StartAsync(app =>
            app.MapSampleDashboard(new TestAppSyncConfig("appsync", "ws://127.0.0.1:20002/graphql", "da2-key"), TestConfigJsonContext.Default.TestAppSyncConfig));

        var config = await server.Client.GetFromJsonAsync<JsonElement>("/config.json");

        config.GetProperty("transport").GetString().Should().Be("appsync");
        config.GetProperty("realtimeUrl").GetString().Should().Be("ws://127.0.0.1:20002/graphql");
        config.GetProperty("apiKey").GetString().Should().Be("da2-key");
    }

    [Fact]
    public async Task MapSampleDashboard_ConfigWithoutTransport_ThrowsNamingIt()
    {
        var act = () => SampleServer.StartAsync(app => app.MapSampleDashboard(new JsonObject { ["hubUrl"] = "/hubs/progress" }));

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("*\"transport\"*");
    }

    [Fact]
    public async Task JobEndpointsAndDashboard_WorkSideBySide()
    {
        await using var server = await SampleServer.StartAsync(app => app.MapSampleDashboard(SignalRConfig()));

        using var page = await server.Client.GetAsync("/");
        using var job = await server.Client.PostAsync("/jobs", content: null);

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        job.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    private static JsonObject SignalRConfig() => new() { ["transport"] = "signalr", ["hubUrl"] = "/hubs/progress" };
}

public sealed record TestAppSyncConfig(string Transport, string RealtimeUrl, string ApiKey);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TestAppSyncConfig))]
internal sealed partial class TestConfigJsonContext : JsonSerializerContext;
