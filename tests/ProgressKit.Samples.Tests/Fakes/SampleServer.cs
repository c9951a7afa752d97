using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProgressKit.Samples.Shared;

namespace ProgressKit.Samples.Tests.Fakes;

/// <summary>A sample app on Kestrel at 127.0.0.1 with a free port, publishing to a recording transport.</summary>
internal sealed class SampleServer : IAsyncDisposable
{
    /// <summary>The request header the test user middleware signs callers in from.</summary>
    public const string TestUserHeader = "X-Test-User";

    private readonly WebApplication _app;

    private SampleServer(WebApplication app, RecordingTransport transport)
    {
        _app = app;
        Transport = transport;
        BaseAddress = new Uri(app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public RecordingTransport Transport { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts an app with the job endpoints (and whatever <paramref name="map"/> adds).</summary>
    public static async Task<SampleServer> StartAsync(Action<WebApplication>? map = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var transport = new RecordingTransport();
        builder.Services.AddProgressKit().AddTransport(_ => transport);
        builder.Services.AddSampleJobs();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers[TestUserHeader].ToString() is { Length: > 0 } user)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], "test"));
            }

            return next(context);
        });
        app.MapSampleJobEndpoints();
        map?.Invoke(app);
        await app.StartAsync();
        return new SampleServer(app, transport);
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
