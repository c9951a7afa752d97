using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProgressKit.Events;
using ProgressKit.LocalServers;
using ProgressKit.Transports.SignalR;
using ProgressKit.Transports.SignalR.StackExchangeRedis;

namespace ProgressKit.Benchmarks.ScaleOut;

/// <summary>
/// A redis-server, two web nodes (Kestrel, the progress hub, scale-out) and a worker (a generic host without Kestrel,
/// scale-out) in one process: the worker publishes, the clients sit on the two nodes.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    private readonly RedisServer _redis;
    private readonly WebApplication[] _nodes;
    private readonly IHost _worker;

    private ScaleOutCluster(RedisServer redis, WebApplication[] nodes, IHost worker)
    {
        _redis = redis;
        _nodes = nodes;
        _worker = worker;
        HubUrls = [.. nodes.Select(n => new Uri(new Uri(n.Urls.Single()), ProgressHub.DefaultPattern))];
        Publisher = worker.Services.GetRequiredService<IProgressPublisher>();
        HubContext = worker.Services.GetRequiredService<IHubContext<ProgressHub>>();
    }

    public IReadOnlyList<Uri> HubUrls { get; }

    /// <summary>Gets the worker's publisher.</summary>
    public IProgressPublisher Publisher { get; }

    /// <summary>Gets the worker's hub context, on the same backplane: the raw baseline.</summary>
    public IHubContext<ProgressHub> HubContext { get; }

    public static async Task<ScaleOutCluster> StartAsync(int bufferCapacity, int laneConcurrency)
    {
        var redis = await RedisServer.StartAsync();
        var nodes = await Task.WhenAll(StartNodeAsync(redis.ConnectionString), StartNodeAsync(redis.ConnectionString));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        builder.Services
            .AddProgressKit(o =>
            {
                o.BufferCapacity = bufferCapacity;
                o.MaxConcurrentSendsPerTransport = laneConcurrency;
            })
            .AddSignalRTransport()
            .AddSignalRRedisScaleOut(o => o.Configuration = redis.ConnectionString);
        var worker = builder.Build();
        await worker.StartAsync();
        return new ScaleOutCluster(redis, nodes, worker);
    }

    public Task SendRawAsync(string jobId, long seq, string stage) =>
        HubContext.Clients.Group(ProgressHubGroups.ForJob(jobId)).SendAsync(ProgressHub.ClientMethod, Event(jobId, seq, stage));

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync();
        _worker.Dispose();
        foreach (var node in _nodes)
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    private static async Task<WebApplication> StartNodeAsync(string redis)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddProgressKit()
            .AddSignalRTransport(o => o.Hub.AllowAnonymous = true)
            .AddSignalRRedisScaleOut(o => o.Configuration = redis);
        var app = builder.Build();
        app.MapProgressHub();
        await app.StartAsync();
        return app;
    }

    private static ProgressEvent Event(string jobId, long seq, string stage) => new()
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
}
