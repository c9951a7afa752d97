using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Samples.Shared;
using ProgressKit.Transports.SignalR;
using ProgressKit.Transports.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace ProgressKit.Samples.SignalR.ScaleOut;

/// <summary>A web node of the scale-out demo: the hub and the dashboard, with jobs running in the worker.</summary>
internal static class ScaleOutWebNode
{
    public static WebApplication Create(string[] args, string redis)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis + ",abortConnect=false"));
        builder.Services.AddProgressKit(o => o.Source = "signalr-sample-web")
            .AddSignalRTransport(o => o.Hub.AllowAnonymous = true)   // demo only, as in the one-node sample
            .AddSignalRRedisScaleOut(o => o.Configuration = redis);

        var app = builder.Build();
        app.MapProgressHub();
        app.MapScaleOutJobEndpoints();
        app.MapSampleDashboard(new JsonObject { ["transport"] = "signalr", ["hubUrl"] = ProgressHub.DefaultPattern });
        return app;
    }
}
