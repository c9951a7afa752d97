using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Jobs;
using ProgressKit.State;
using ProgressKit.Transports.SignalR.Tests.Fakes;

namespace ProgressKit.Transports.SignalR.Tests.Infrastructure;

/// <summary>
/// A real Kestrel app on 127.0.0.1 (a free port, or a given one to simulate a restart) with ProgressKit, the SignalR
/// transport, a recording transport beside it, header-based test authentication and the progress hub.
/// </summary>
public sealed class TestHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHubServer(WebApplication app, RecordingTransport recorder)
    {
        _app = app;
        Recorder = recorder;
        BaseAddress = new Uri(app.Urls.Single());
        HubUrl = new Uri(BaseAddress, ProgressHub.DefaultPattern);
    }

    public Uri BaseAddress { get; }

    public Uri HubUrl { get; }

    public int Port => BaseAddress.Port;

    /// <summary>Gets every event the server's own publisher published (not remotely published ones).</summary>
    public RecordingTransport Recorder { get; }

    public IServiceProvider Services => _app.Services;

    public IProgressPublisher Publisher => _app.Services.GetRequiredService<IProgressPublisher>();

    public IJobStateStore StateStore => _app.Services.GetRequiredService<IJobStateStore>();

    public IJobCancellation Cancellation => _app.Services.GetRequiredService<IJobCancellation>();

    public static async Task<TestHubServer> StartAsync(
        Action<SignalRTransportOptions>? signalR = null,
        Action<ProgressKitOptions>? progressKit = null,
        Action<IProgressKitBuilder>? builder = null,
        int port = 0)
    {
        var webBuilder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls", $"http://127.0.0.1:{port}"] });
        webBuilder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("PROGRESSKIT_TEST_LOGS") == "1")
        {
            webBuilder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }

        webBuilder.Services.AddAuthentication(TestAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        var recorder = new RecordingTransport();
        var kit = webBuilder.Services
            .AddProgressKit(o =>
            {
                o.DrainTimeout = TimeSpan.FromSeconds(2);
                progressKit?.Invoke(o);
            })
            .AddSignalRTransport(signalR)
            .AddTransport(_ => recorder);
        builder?.Invoke(kit);

        var app = webBuilder.Build();
        app.UseAuthentication();
        app.MapProgressHub();
        await app.StartAsync();
        return new TestHubServer(app, recorder);
    }

    public Task<TestHubClient> ConnectAsync(string? user = null, string? tenant = null, string? roles = null, string? publisherKey = null) =>
        TestHubClient.ConnectAsync(HubUrl, user, tenant, roles, publisherKey);

    public async Task FlushAsync() =>
        (await Publisher.FlushAsync(TimeSpan.FromSeconds(30))).Should().BeTrue("the server's publisher should deliver everything");

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
