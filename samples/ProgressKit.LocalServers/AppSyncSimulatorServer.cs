using System.Text.Json;

namespace ProgressKit.LocalServers;

/// <summary>
/// A local AppSync GraphQL API (npm @aws-amplify/amplify-appsync-simulator 2.16.20) with VTL resolvers on a NONE
/// data source, patched to filter subscriptions by their arguments and to send subscribers only the mutation's
/// selection set, as real AppSync does.
/// </summary>
/// <remarks>
/// Publishers POST to <see cref="GraphQlUrl"/> with header <c>x-api-key</c>; subscribers use the AppSync real-time
/// protocol at <see cref="RealtimeUrl"/> (same port, where AWS uses a second host). AWS_IAM is accepted but signatures
/// are never checked.
/// </remarks>
public sealed class AppSyncSimulatorServer : IAsyncDisposable
{
    private const string ReadyPrefix = "READY ";

    private AppSyncSimulatorServer(ManagedProcess process, int port, Uri graphQlUrl, Uri realtimeUrl, string apiKey)
    {
        Process = process;
        Port = port;
        GraphQlUrl = graphQlUrl;
        RealtimeUrl = realtimeUrl;
        ApiKey = apiKey;
    }

    /// <summary>Gets the port of both endpoints.</summary>
    public int Port { get; }

    /// <summary>Gets the GraphQL endpoint: http://127.0.0.1:{Port}/graphql.</summary>
    public Uri GraphQlUrl { get; }

    /// <summary>Gets the real-time (subscription) endpoint: ws://127.0.0.1:{Port}/graphql/realtime.</summary>
    public Uri RealtimeUrl { get; }

    /// <summary>Gets the API key that requests must send in <c>x-api-key</c>.</summary>
    public string ApiKey { get; }

    /// <summary>Gets the simulator process (its id and recent output).</summary>
    public ManagedProcess Process { get; }

    /// <summary>Installs the emulators' npm dependencies if needed, then starts the simulator and waits for its READY line.</summary>
    /// <param name="schemaFile">A GraphQL schema file; <see langword="null"/> for emulators/appsync/schema.graphql.</param>
    /// <param name="resolversFile">
    /// A JSON array of <c>{typeName, fieldName, requestMappingTemplate, responseMappingTemplate}</c>, all on one NONE
    /// data source; <see langword="null"/> for emulators/appsync/resolvers.json.
    /// </param>
    /// <param name="apiKey">The API key; <see langword="null"/> for "da2-localtestkey".</param>
    /// <param name="cancellationToken">Cancels the start; a half-started process is stopped.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="FileNotFoundException">A given file does not exist.</exception>
    /// <exception cref="ManagedProcessException">The simulator did not start; the message quotes its output.</exception>
    public static async Task<AppSyncSimulatorServer> StartAsync(
        string? schemaFile = null,
        string? resolversFile = null,
        string? apiKey = null,
        CancellationToken cancellationToken = default)
    {
        var schema = RequireFile(schemaFile);
        var resolvers = RequireFile(resolversFile);
        var emulators = await NodeEmulator.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return await ManagedProcess.RetryOnPortInUseAsync(
            async token =>
            {
                var port = FreePort.Get();
                var options = NodeEmulator.CreateOptions(
                    "appsync-simulator",
                    emulators,
                    Path.Combine(emulators, "appsync", "server.js"),
                    [],
                    emulators,
                    readyWhenOutputLine: line => line.StartsWith(ReadyPrefix, StringComparison.Ordinal));
                options.Environment["APPSYNC_PORT"] = LoopbackUrls.PortText(port);
                options.Environment["APPSYNC_API_KEY"] = apiKey;
                options.Environment["APPSYNC_SCHEMA_FILE"] = schema;
                options.Environment["APPSYNC_RESOLVERS_FILE"] = resolvers;
                var process = await ManagedProcess.StartAsync(options, token).ConfigureAwait(false);
                return FromReadyLine(process);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the simulator, which closes every subscription.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static string? RequireFile(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new FileNotFoundException($"'{full}' does not exist.", full);
    }

    private static AppSyncSimulatorServer FromReadyLine(ManagedProcess process)
    {
        using var ready = JsonDocument.Parse(process.ReadyLine![ReadyPrefix.Length..]);
        var root = ready.RootElement;
        return new AppSyncSimulatorServer(
            process,
            root.GetProperty("port").GetInt32(),
            new Uri(root.GetProperty("graphqlUrl").GetString()!),
            new Uri(root.GetProperty("realtimeUrl").GetString()!),
            root.GetProperty("apiKey").GetString()!);
    }
}
