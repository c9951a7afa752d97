using ProgressKit.LocalServers;
using Xunit;

namespace ProgressKit.TestUtilities;

/// <summary>An xunit class or collection fixture that runs one AppSync simulator for its tests.</summary>
/// <remarks>
/// Uses emulators/appsync/schema.graphql and resolvers.json; derive and override <see cref="SchemaFile"/>,
/// <see cref="ResolversFile"/> or <see cref="RequestedApiKey"/> for another API (xunit needs a parameterless constructor).
/// </remarks>
public class AppSyncSimulatorFixture : IAsyncLifetime
{
    private AppSyncSimulatorServer? _server;

    /// <summary>Gets the running simulator.</summary>
    public AppSyncSimulatorServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>Gets the GraphQL endpoint for publishers.</summary>
    public Uri GraphQlUrl => Server.GraphQlUrl;

    /// <summary>Gets the real-time endpoint for subscribers.</summary>
    public Uri RealtimeUrl => Server.RealtimeUrl;

    /// <summary>Gets the API key that requests must send in <c>x-api-key</c>.</summary>
    public string ApiKey => Server.ApiKey;

    /// <summary>Gets the GraphQL schema file, or <see langword="null"/> for the default schema.</summary>
    protected virtual string? SchemaFile => null;

    /// <summary>Gets the resolvers JSON file, or <see langword="null"/> for the default resolvers.</summary>
    protected virtual string? ResolversFile => null;

    /// <summary>Gets the API key to start with, or <see langword="null"/> for "da2-localtestkey".</summary>
    protected virtual string? RequestedApiKey => null;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        using var timeout = TestTimeouts.CreateTokenSource(TestTimeouts.FirstServerStart);
        _server = await AppSyncSimulatorServer.StartAsync(SchemaFile, ResolversFile, RequestedApiKey, timeout.Token).ConfigureAwait(false);
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
