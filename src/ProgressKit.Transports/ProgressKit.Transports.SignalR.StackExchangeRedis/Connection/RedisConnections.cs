using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Transports.SignalR.StackExchangeRedis.Diagnostics;
using StackExchange.Redis;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Connection;

/// <summary>
/// The process's Redis connections: one for ProgressKit's cancel requests (the jobs' events go through the shared job
/// stream store's own connection), and the SignalR backplane's
/// own, created here (through <c>RedisOptions.ConnectionFactory</c>) so that both ride out an outage the same way.
/// </summary>
/// <remarks>
/// Neither ever fails because Redis is away: <c>AbortOnConnectFail</c> is off, so a connection is handed out at once
/// and connects (and reconnects) in the background, and every command is bounded by
/// <see cref="SignalRRedisScaleOutOptions.OperationTimeout"/>.
/// </remarks>
internal sealed class RedisConnections : IAsyncDisposable
{
    /// <summary>The first delay between reconnect attempts; doubles up to <see cref="MaxReconnectDelayMilliseconds"/>.</summary>
    internal const int ReconnectBaseDelayMilliseconds = 250;

    /// <summary>
    /// The longest delay between reconnect attempts. Kept short on purpose: after a Redis restart, a node's
    /// subscriptions are back only when it reconnects, and events published before that do not reach it.
    /// </summary>
    internal const int MaxReconnectDelayMilliseconds = 2000;

    private readonly SignalRRedisScaleOutOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<ConnectionMultiplexer>? _store;
    private ConnectionMultiplexer? _backplane;
    private bool _disposed;

    public RedisConnections(IOptions<SignalRRedisScaleOutOptions> options, ILogger<RedisConnections> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Raised once the backplane's connection exists.</summary>
    public event Action<IConnectionMultiplexer>? BackplaneCreated;

    /// <summary>Gets the backplane's connection, once SignalR asked for it.</summary>
    public IConnectionMultiplexer? Backplane => Volatile.Read(ref _backplane);

    /// <summary>Builds the StackExchange.Redis configuration both connections use.</summary>
    public ConfigurationOptions CreateConfiguration()
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration ?? string.Empty);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Milliseconds(_options.ConnectTimeout);
        configuration.AsyncTimeout = Milliseconds(_options.OperationTimeout);
        configuration.SyncTimeout = Milliseconds(_options.OperationTimeout);
        configuration.ReconnectRetryPolicy = new ExponentialRetry(ReconnectBaseDelayMilliseconds, MaxReconnectDelayMilliseconds);
        configuration.ClientName ??= "progresskit";
        return configuration;
    }

    /// <summary>Returns the store connection, connecting it on first use; it may not be connected yet.</summary>
    public Task<ConnectionMultiplexer> GetAsync()
    {
        var store = Volatile.Read(ref _store);
        if (store is { IsFaulted: false, IsCanceled: false })
        {
            return store;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_store is null || _store.IsFaulted || _store.IsCanceled)
            {
                _store = ConnectStoreAsync();
            }

            return _store;
        }
    }

    /// <summary>Returns the store connection when it is connected now; otherwise starts connecting and returns false.</summary>
    public bool TryGetConnected(out ConnectionMultiplexer connection)
    {
        var store = GetAsync();
        if (store.IsCompletedSuccessfully && store.Result.IsConnected)
        {
            connection = store.Result;
            return true;
        }

        connection = null!;
        return false;
    }

    /// <summary>Connects the backplane (its <c>RedisOptions.ConnectionFactory</c>) with <paramref name="configuration"/>.</summary>
    public async Task<IConnectionMultiplexer> ConnectBackplaneAsync(ConfigurationOptions configuration, TextWriter log)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration, log).ConfigureAwait(false);
        connection.ConnectionFailed += (_, e) => Log.ConnectionLost(_logger, "backplane", e.ConnectionType.ToString(), e.FailureType.ToString());
        connection.ConnectionRestored += (_, e) => Log.ConnectionRestored(_logger, "backplane", e.ConnectionType.ToString());
        Volatile.Write(ref _backplane, connection);
        BackplaneCreated?.Invoke(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? store;
        lock (_gate)
        {
            _disposed = true;
            store = _store;
        }

        // The backplane's connection belongs to SignalR's lifetime manager, which disposes it.
        if (store is { IsCompletedSuccessfully: true })
        {
            await store.Result.DisposeAsync().ConfigureAwait(false);
        }
        else if (store is { IsCompleted: false })
        {
            // Still connecting (bounded by the connect timeout): disposed when it is made, not leaked.
            _ = store.ContinueWith(
                static made => made.Result.Dispose(),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectStoreAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(CreateConfiguration()).ConfigureAwait(false);
        connection.ConnectionFailed += (_, e) => Log.ConnectionLost(_logger, "store", e.ConnectionType.ToString(), e.FailureType.ToString());
        connection.ConnectionRestored += (_, e) => Log.ConnectionRestored(_logger, "store", e.ConnectionType.ToString());
        if (!connection.IsConnected)
        {
            Log.NotConnectedYet(_logger);
        }

        return connection;
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Min(int.MaxValue, value.TotalMilliseconds);
}
