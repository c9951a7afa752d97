using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;

/// <summary>
/// Points the SignalR Redis backplane at <see cref="RedisConnections.ConnectBackplaneAsync"/>, so it connects with
/// ProgressKit's settings (never failing on a missing Redis, bounded timeouts, short reconnect delays) and so that
/// ProgressKit sees its reconnections.
/// </summary>
internal sealed class BackplaneConnectionSetup(RedisConnections connections, ILogger<BackplaneConnectionSetup> logger) : IPostConfigureOptions<RedisOptions>
{
    public void PostConfigure(string? name, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionFactory is not null)
        {
            // The application connects the backplane itself: respected, but ProgressKit cannot see its reconnections.
            Log.BackplaneFactoryKept(logger);
            return;
        }

        var configuration = connections.CreateConfiguration();
        if (configuration.ChannelPrefix.IsNullOrEmpty && !options.Configuration.ChannelPrefix.IsNullOrEmpty)
        {
            configuration.ChannelPrefix = options.Configuration.ChannelPrefix;
        }

        options.Configuration = configuration;
        options.ConnectionFactory = log => connections.ConnectBackplaneAsync(configuration, log);
    }
}
