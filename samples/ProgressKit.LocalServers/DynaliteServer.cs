namespace ProgressKit.LocalServers;

/// <summary>A local DynamoDB (npm dynalite 4.0.0) on a free loopback port, with table changes taking no time.</summary>
/// <remarks>
/// Dynalite has no transactions and no TTL (see docs): code under test must not depend on them.
/// Use with <c>new AmazonDynamoDBConfig { ServiceURL = server.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" }</c>
/// and any credentials.
/// </remarks>
public sealed class DynaliteServer : IAsyncDisposable
{
    private DynaliteServer(ManagedProcess process, int port)
    {
        Process = process;
        Port = port;
        ServiceUrl = LoopbackUrls.Create("http", port);
    }

    /// <summary>Gets the TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Gets the endpoint for the AWS SDK's <c>ServiceURL</c>: http://127.0.0.1:{Port}/.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>Gets the dynalite process (its id and recent output).</summary>
    public ManagedProcess Process { get; }

    /// <summary>Installs the emulators' npm dependencies if needed, then starts dynalite and waits until it answers.</summary>
    /// <param name="cancellationToken">Cancels the start; a half-started process is stopped.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ManagedProcessException">dynalite did not start; the message quotes its output.</exception>
    public static async Task<DynaliteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var emulators = await NodeEmulator.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return await ManagedProcess.RetryOnPortInUseAsync(
            async token =>
            {
                var port = FreePort.Get();
                var options = NodeEmulator.CreateOptions(
                    "dynalite",
                    emulators,
                    Path.Combine(emulators, "node_modules", "dynalite", "cli.js"),
                    // --host: without it dynalite listens on every interface.
                    ["--host", "127.0.0.1", "--port", LoopbackUrls.PortText(port),
                     "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
                    emulators,
                    readyWhenHttpGet: LoopbackUrls.Create("http", port, "/"));
                var process = await ManagedProcess.StartAsync(options, token).ConfigureAwait(false);
                return new DynaliteServer(process, port);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops dynalite; its data is gone.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
