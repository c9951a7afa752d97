using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Samples.BrowserTests.StandIn;
using ProgressKit.Samples.Shared;

namespace ProgressKit.Samples.BrowserTests.Fixtures;

/// <summary>The SignalR sample app on a free loopback port (for now an in-process stand-in).</summary>
public sealed class SignalRSampleFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR();
        builder.Services.AddProgressKit().AddTransport<StandInTransport>();
        builder.Services.AddSampleJobs();
        _app = builder.Build();
        _app.MapHub<StandInHub>("/hubs/progress");
        _app.MapSampleJobEndpoints();
        _app.MapSampleDashboard(new JsonObject { ["transport"] = "signalr", ["hubUrl"] = "hubs/progress" });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single() + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
