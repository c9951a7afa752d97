using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.State;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

/// <summary>One web node: its own Kestrel app on 127.0.0.1 with the progress hub, the SignalR transport and the Redis scale-out.</summary>
public sealed class WebNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebNode(WebApplication app)
    {
        _app = app;
        HubUrl = new Uri(new Uri(app.Urls.Single()), ProgressHub.DefaultPattern);
    }

    public Uri HubUrl { get; }

    public IServiceProvider Services => _app.Services;

    public IProgressPublisher Publisher => _app.Services.GetRequiredService<IProgressPublisher>();

    public IJobStateStore StateStore => _app.Services.GetRequiredService<IJobStateStore>();

    public static async Task<WebNode> StartAsync(
        string redisConfiguration,
        Action<IServiceCollection>? services = null,
        Action<ProgressKitOptions>? progressKit = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("PROGRESSKIT_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddAuthentication(TestAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        builder.Services
            .AddProgressKit(o =>
            {
                o.DrainTimeout = TimeSpan.FromSeconds(2);
                o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
                o.Resilience.MaxRetryAttempts = 20;
                o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                o.Resilience.RetryMaxDelay = TimeSpan.FromSeconds(1);
                progressKit?.Invoke(o);
            })
            .AddSignalRTransport()
            .AddSignalRRedisScaleOut(o =>
            {
                o.Configuration = redisConfiguration;
                o.OperationTimeout = TimeSpan.FromSeconds(2);
                o.ConnectTimeout = TimeSpan.FromSeconds(2);
            });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.MapProgressHub();
        await app.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        return new WebNode(app);
    }

    public Task<HubClient> ConnectAsync(string? user = null) => HubClient.ConnectAsync(HubUrl, user);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
