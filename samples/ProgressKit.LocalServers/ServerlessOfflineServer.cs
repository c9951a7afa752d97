namespace ProgressKit.LocalServers;

/// <summary>
/// A local API Gateway WebSocket API (npm serverless 3.40.0 + serverless-offline 13.9.0) whose routes
/// ($connect, $disconnect, $default, subscribe) forward each event as JSON to a backend URL and return its reply.
/// </summary>
/// <remarks>
/// The backend answers each POSTed event with <c>{"statusCode": 200, "body"?: "..."}</c>; a non-2xx status on
/// $connect fails the client's handshake. The management API (<c>POST|DELETE {ManagementEndpoint}/@connections/{id}</c>)
/// has no stage segment, answers 204 to a POST (AWS: 200), 410 for an unknown connection, and never checks signatures.
/// </remarks>
public sealed class ServerlessOfflineServer : IAsyncDisposable
{
    private ServerlessOfflineServer(ManagedProcess process, int port, int lambdaPort, Uri backendUrl)
    {
        Process = process;
        Port = port;
        LambdaPort = lambdaPort;
        BackendUrl = backendUrl;
        WebSocketUrl = LoopbackUrls.Create("ws", port);
        ManagementEndpoint = LoopbackUrls.Create("http", port);
    }

    /// <summary>Gets the port of the WebSocket API and its management API.</summary>
    public int Port { get; }

    /// <summary>Gets the port of serverless-offline's Lambda invoke endpoint (unused by ProgressKit, but bound).</summary>
    public int LambdaPort { get; }

    /// <summary>Gets the URL that every WebSocket event is POSTed to.</summary>
    public Uri BackendUrl { get; }

    /// <summary>Gets the URL that WebSocket clients connect to: ws://127.0.0.1:{Port}/.</summary>
    public Uri WebSocketUrl { get; }

    /// <summary>Gets the management API's base URL, http://127.0.0.1:{Port}/ (no stage path), for <c>@connections/{id}</c>.</summary>
    public Uri ManagementEndpoint { get; }

    /// <summary>Gets the serverless process (its id and recent output).</summary>
    public ManagedProcess Process { get; }

    /// <summary>Installs the emulators' npm dependencies if needed, then starts serverless-offline and waits until it answers.</summary>
    /// <remarks>Takes 3 to 5 seconds: serverless loads its whole framework.</remarks>
    /// <param name="backendUrl">Where every WebSocket event is POSTed (the handler under test), on loopback.</param>
    /// <param name="cancellationToken">Cancels the start; a half-started process is stopped.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ManagedProcessException">serverless-offline did not start; the message quotes its output.</exception>
    public static async Task<ServerlessOfflineServer> StartAsync(Uri backendUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backendUrl);
        var emulators = await NodeEmulator.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return await ManagedProcess.RetryOnPortInUseAsync(
            async token =>
            {
                var ports = FreePort.Get(2);
                var (port, lambdaPort) = (ports[0], ports[1]);
                var options = NodeEmulator.CreateOptions(
                    "serverless-offline",
                    emulators,
                    // Node directly, not npx: npx may look for packages in the registry and hides the real pid.
                    Path.Combine(emulators, "node_modules", "serverless", "bin", "serverless.js"),
                    ["offline", "start", "--host", "127.0.0.1",
                     "--websocketPort", LoopbackUrls.PortText(port), "--lambdaPort", LoopbackUrls.PortText(lambdaPort)],
                    Path.Combine(emulators, "apigateway"),
                    // The WebSocket port answers a plain GET with 426 Upgrade Required once it listens.
                    readyWhenHttpGet: LoopbackUrls.Create("http", port, "/"),
                    readyHttpStatusCode: 426);
                options.Environment["PK_BACKEND_URL"] = backendUrl.ToString();
                options.Environment["SLS_TELEMETRY_DISABLED"] = "1";
                options.Environment["SLS_NOTIFICATIONS_MODE"] = "off";
                var process = await ManagedProcess.StartAsync(options, token).ConfigureAwait(false);
                return new ServerlessOfflineServer(process, port, lambdaPort, backendUrl);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops serverless-offline, which closes every WebSocket connection.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
