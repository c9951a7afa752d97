using Microsoft.Extensions.Logging;
using ProgressKit.Streams.StackExchangeRedis.Diagnostics;
using StackExchange.Redis;

namespace ProgressKit.Streams.StackExchangeRedis.Redis;

/// <summary>
/// The store's Redis connection, made on first use. It never fails because Redis is away: <c>AbortOnConnectFail</c>
/// is off, so a connection is handed out at once and connects (and reconnects) in the background, and every command is
/// bounded by <see cref="RedisJobStreamStoreOptions.OperationTimeout"/>.
/// </summary>
internal sealed class StreamConnection(RedisJobStreamStoreOptions options, ILogger logger) : IAsyncDisposable
{
    /// <summary>The first delay between reconnect attempts; doubles up to <see cref="MaxReconnectDelayMilliseconds"/>.</summary>
    internal const int ReconnectBaseDelayMilliseconds = 250;

    /// <summary>The longest delay between reconnect attempts.</summary>
    internal const int MaxReconnectDelayMilliseconds = 2000;

    private readonly Lock _gate = new();

    // Guarded by _gate.
    private Task<ConnectionMultiplexer>? _connection;
    private bool _disposed;

    /// <summary>Returns the connection's database, connecting on first use; it may not be connected yet.</summary>
    public async Task<IDatabase> GetDatabaseAsync()
    {
        Task<ConnectionMultiplexer> connection;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
            {
                _connection = ConnectAsync();
            }

            connection = _connection;
        }

        return (await connection.ConfigureAwait(false)).GetDatabase();
    }

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connection;
        lock (_gate)
        {
            _disposed = true;
            connection = _connection;
        }

        if (connection is { IsCompletedSuccessfully: true })
        {
            await connection.Result.DisposeAsync().ConfigureAwait(false);
        }
        else if (connection is { IsCompleted: false })
        {
            // Still connecting (bounded by the connect timeout): disposed when it is made, not leaked.
            _ = connection.ContinueWith(
                static made => made.Result.Dispose(),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration ?? string.Empty);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Milliseconds(options.ConnectTimeout);
        configuration.AsyncTimeout = Milliseconds(options.OperationTimeout);
        configuration.SyncTimeout = Milliseconds(options.OperationTimeout);
        configuration.ReconnectRetryPolicy = new ExponentialRetry(ReconnectBaseDelayMilliseconds, MaxReconnectDelayMilliseconds);
        configuration.ClientName ??= "progresskit-streams";
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        connection.ConnectionFailed += (_, e) => Log.ConnectionLost(logger, e.ConnectionType.ToString(), e.FailureType.ToString());
        connection.ConnectionRestored += (_, e) => Log.ConnectionRestored(logger, e.ConnectionType.ToString());
        if (!connection.IsConnected)
        {
            Log.NotConnectedYet(logger);
        }

        return connection;
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Min(int.MaxValue, value.TotalMilliseconds);
}
