using ProgressKit.LocalServers;
using Xunit;

namespace ProgressKit.TestUtilities;

/// <summary>An xunit class or collection fixture that runs one redis-server for its tests.</summary>
/// <remarks>
/// A test that stops or restarts the server (<see cref="RedisServer.RestartAsync"/>) should have a fixture of its own,
/// or it disturbs the other tests sharing this one.
/// </remarks>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    /// <summary>Gets the running server.</summary>
    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>Gets the StackExchange.Redis connection string, <c>127.0.0.1:{port}</c>.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        using var timeout = TestTimeouts.CreateTokenSource(TestTimeouts.ServerStart);
        _server = await RedisServer.StartAsync(timeout.Token).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
