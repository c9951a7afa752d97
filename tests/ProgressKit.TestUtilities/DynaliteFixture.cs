using ProgressKit.LocalServers;
using Xunit;

namespace ProgressKit.TestUtilities;

/// <summary>An xunit class or collection fixture that runs one dynalite (local DynamoDB) for its tests.</summary>
/// <remarks>Tests sharing it should use their own table names: the data lives as long as the fixture.</remarks>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private DynaliteServer? _server;

    /// <summary>Gets the running server.</summary>
    public DynaliteServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>Gets the endpoint for <c>AmazonDynamoDBConfig.ServiceURL</c>.</summary>
    public Uri ServiceUrl => Server.ServiceUrl;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        using var timeout = TestTimeouts.CreateTokenSource(TestTimeouts.FirstServerStart);
        _server = await DynaliteServer.StartAsync(timeout.Token).ConfigureAwait(false);
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
