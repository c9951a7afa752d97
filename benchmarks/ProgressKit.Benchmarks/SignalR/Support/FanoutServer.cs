using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Events;
using ProgressKit.Transports;
using ProgressKit.Transports.SignalR;

namespace ProgressKit.Benchmarks.SignalR.Support;

/// <summary>
/// Kestrel on 127.0.0.1 with the progress hub and ProgressKit's SignalR transport (default settings, a lane large
/// enough for a flat-out burst); the same hub context also serves the hand-rolled sends, to the same groups.
/// </summary>
internal sealed class FanoutServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FanoutServer(WebApplication app)
    {
        _app = app;
        HubUrl = new Uri(new Uri(app.Urls.Single()), ProgressHub.DefaultPattern);
        Publisher = app.Services.GetRequiredService<IProgressPublisher>();
        HubContext = app.Services.GetRequiredService<IHubContext<ProgressHub>>();
        Transport = app.Services.GetServices<IProgressTransport>().Single(t => t.Name == "signalr");
    }

    public Uri HubUrl { get; }

    /// <summary>Gets the server's container (its job stream store, for the position a resume starts from).</summary>
    public IServiceProvider Services => _app.Services;

    public IProgressPublisher Publisher { get; }

    public IHubContext<ProgressHub> HubContext { get; }

    /// <summary>Gets ProgressKit's SignalR transport itself, to call without the dispatcher in front of it.</summary>
    public IProgressTransport Transport { get; }

    public static async Task<FanoutServer> StartAsync(int bufferCapacity, int maxConcurrentSendsPerTransport)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services
            .AddProgressKit(o =>
            {
                o.BufferCapacity = bufferCapacity;
                o.MaxConcurrentSendsPerTransport = maxConcurrentSendsPerTransport;
            })
            .AddSignalRTransport(o => o.Hub.AllowAnonymous = true);
        var app = builder.Build();
        app.MapProgressHub();
        await app.StartAsync();
        return new FanoutServer(app);
    }

    /// <summary>The hand-rolled alternative: what a team writes without ProgressKit, one awaited group send per event.</summary>
    public Task SendRawAsync(string jobId, long seq, string stage) =>
        HubContext.Clients.Group(ProgressHubGroups.ForJob(jobId)).SendAsync(ProgressHub.ClientMethod, Event(jobId, seq, stage));

    /// <summary>The same event through ProgressKit's transport, called directly (no dispatcher).</summary>
    public ValueTask SendThroughTransportAsync(string jobId, long seq, string stage) =>
        Transport.SendAsync(Event(jobId, seq, stage), CancellationToken.None);

    private static ProgressEvent Event(string jobId, long seq, string stage) =>
        new ProgressEvent
        {
            Type = ProgressEventType.StageStarted,
            JobId = jobId,
            Sequence = seq,
            Timestamp = DateTimeOffset.UtcNow,
            Status = JobStatus.Processing,
            Progress = 50,
            Stage = stage,
            StageProgress = 0,
        };

    public static long Now() => Stopwatch.GetTimestamp();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
