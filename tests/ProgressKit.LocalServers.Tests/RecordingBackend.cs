using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.TestUtilities;

namespace ProgressKit.LocalServers.Tests;

/// <summary>A Kestrel endpoint that plays the route handler behind serverless-offline: records each event, answers 200.</summary>
internal sealed class RecordingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();

    private RecordingBackend(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<RecordingBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var backend = new RecordingBackend(builder.Build());
        backend._app.MapPost("/ws", async (HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            backend._events.Writer.TryWrite(document.RootElement.Clone());
            return Results.Json(new { statusCode = 200 });
        });
        await backend._app.StartAsync();
        var address = backend._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        backend.Url = new Uri(address + "/ws");
        return backend;
    }

    /// <summary>Returns the next recorded event whose route key is <paramref name="routeKey"/>, skipping others.</summary>
    public async Task<JsonElement> NextEventAsync(string routeKey)
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        while (true)
        {
            var next = await _events.Reader.ReadAsync(timeout.Token);
            if (next.GetProperty("requestContext").GetProperty("routeKey").GetString() == routeKey)
            {
                return next;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
