using Microsoft.AspNetCore.Builder;
using ProgressKit.Samples.SignalR;

namespace ProgressKit.Samples.BrowserTests.Fixtures;

/// <summary>The SignalR sample app (samples/SignalRSample, as shipped) on a free loopback port.</summary>
public sealed class SignalRSampleFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = SignalRSampleApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single() + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            // Stop first: connections close while the app's services still exist (disposing a running app logged
            // ObjectDisposedException from the hub's OnDisconnectedAsync).
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
