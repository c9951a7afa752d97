using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProgressKit.Samples.Shared;
using ProgressKit.Samples.Shared.Jobs;
using ProgressKit.Transports.SignalR;
using ProgressKit.Transports.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace ProgressKit.Samples.SignalR.ScaleOut;

/// <summary>
/// The worker of the scale-out demo: a generic host without Kestrel that runs the simulated pipeline for jobs the web
/// nodes hand it, and publishes their progress straight onto the SignalR Redis backplane (no HTTP hop).
/// </summary>
internal static partial class ScaleOutWorker
{
    public static IHost Create(string[] args, string redis)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis + ",abortConnect=false"));
        builder.Services.AddSignalR();
        builder.Services.AddProgressKit(o => o.Source = "signalr-sample-worker")
            .AddSignalRTransport()
            .AddSignalRRedisScaleOut(o => o.Configuration = redis);
        builder.Services.AddSampleJobs();
        builder.Services.AddHostedService<JobRequestConsumer>();
        return builder.Build();
    }

    [LoggerMessage(1, LogLevel.Information, "Worker ready: taking jobs from Redis list {List}.")]
    private static partial void Ready(ILogger logger, string list);

    [LoggerMessage(2, LogLevel.Warning, "Redis is not reachable; retrying.")]
    private static partial void RedisUnreachable(ILogger logger, Exception exception);

    /// <summary>Takes job requests off the Redis list and starts them with the sample's job runner.</summary>
    private sealed class JobRequestConsumer(IConnectionMultiplexer redis, SampleJobRunner runner, ILogger<JobRequestConsumer> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Ready(logger, SampleJobQueue.RequestList);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var request = await redis.GetDatabase().ListLeftPopAsync(SampleJobQueue.RequestList);
                    if (request.IsNull)
                    {
                        await Task.Delay(50, stoppingToken);
                        continue;
                    }

                    var (requestId, settings, userId) = SampleJobQueue.Parse(request!);
                    if (runner.TryStart(settings, userId, out var jobId))
                    {
                        await redis.GetDatabase().StringSetAsync(SampleJobQueue.ReplyKey(requestId), jobId, SampleJobQueue.ReplyTimeToLive);
                    }
                }
                catch (RedisException exception)
                {
                    RedisUnreachable(logger, exception);
                    await Task.Delay(1000, stoppingToken);
                }
            }
        }
    }
}
