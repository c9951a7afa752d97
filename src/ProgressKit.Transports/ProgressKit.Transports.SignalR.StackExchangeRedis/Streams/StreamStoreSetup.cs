using Microsoft.Extensions.Options;
using ProgressKit.Streams.StackExchangeRedis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Streams;

/// <summary>
/// Points the shared job stream store at the scale-out's Redis: its configuration, key prefix and timeouts, unless the
/// application configured the store itself (<c>AddRedisJobStreamStore</c> with a <c>Configuration</c> of its own).
/// </summary>
internal sealed class StreamStoreSetup(IOptions<SignalRRedisScaleOutOptions> scaleOut) : IPostConfigureOptions<RedisJobStreamStoreOptions>
{
    public void PostConfigure(string? name, RedisJobStreamStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Configuration is not null)
        {
            return;
        }

        var source = scaleOut.Value;
        options.Configuration = source.Configuration;
        options.KeyPrefix = source.KeyPrefix;
        options.OperationTimeout = source.OperationTimeout;
        options.ConnectTimeout = source.ConnectTimeout;
    }
}
