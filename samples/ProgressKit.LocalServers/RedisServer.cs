namespace ProgressKit.LocalServers;

/// <summary>
/// A throwaway redis-server (Debian package <c>redis-server</c>) on a free loopback port, without persistence,
/// that can be stopped and started again on the same port to test how clients ride out an outage.
/// </summary>
/// <remarks>Members are thread-safe. The server's working folder is a fresh temp folder, deleted on dispose.</remarks>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>The command that installs the server on Debian and Ubuntu.</summary>
    public const string InstallCommand = "sudo apt-get install -y redis-server";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _executable;
    private readonly DirectoryInfo _workingDirectory;
    private ManagedProcess? _process;

    private RedisServer(string executable, int port, DirectoryInfo workingDirectory)
    {
        _executable = executable;
        Port = port;
        _workingDirectory = workingDirectory;
    }

    /// <summary>Gets the TCP port on 127.0.0.1; it stays the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>Gets the StackExchange.Redis connection string: <c>127.0.0.1:{Port}</c>.</summary>
    public string ConnectionString => "127.0.0.1:" + LoopbackUrls.PortText(Port);

    /// <summary>Gets a value indicating whether the server is running (false between <see cref="StopAsync"/> and <see cref="ResumeAsync"/>).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Gets the current redis-server process, or <see langword="null"/> while stopped.</summary>
    public ManagedProcess? Process => _process;

    /// <summary>Starts redis-server on a free port and waits until it accepts connections.</summary>
    /// <param name="cancellationToken">Cancels the start; a half-started process is stopped.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">redis-server is not installed; the message says how to install it.</exception>
    /// <exception cref="ManagedProcessException">redis-server did not start; the message quotes its output.</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = ExecutableLocator.Require("redis-server", $"Install it: {InstallCommand}");
        return await ManagedProcess.RetryOnPortInUseAsync(
            async token =>
            {
                var server = new RedisServer(executable, FreePort.Get(), Directory.CreateTempSubdirectory("progresskit-redis-"));
                try
                {
                    await server.ResumeAsync(token).ConfigureAwait(false);
                    return server;
                }
                catch
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server (clients see their connections drop); its data is lost. Idempotent.</summary>
    /// <param name="cancellationToken">Cancels waiting for the process to exit.</param>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is not null)
            {
                await _process.StopAsync(cancellationToken).ConfigureAwait(false);
                _process = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the server again on the same <see cref="Port"/>, empty. Does nothing when it is running.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the server accepts connections.</returns>
    /// <exception cref="ManagedProcessException">redis-server did not start, for example because another process took the port.</exception>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is { HasExited: false })
            {
                return;
            }

            _process = await ManagedProcess.StartAsync(CreateOptions(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server and starts it again, empty, on the same <see cref="Port"/>.</summary>
    /// <param name="cancellationToken">Cancels the restart.</param>
    /// <returns>A task that completes when the new server accepts connections.</returns>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await ResumeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server and deletes its working folder.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty temp folder is harmless.
        }
    }

    private ManagedProcessOptions CreateOptions()
    {
        var options = new ManagedProcessOptions
        {
            FileName = _executable,
            DisplayName = "redis-server",
            WorkingDirectory = _workingDirectory.FullName,
            ReadyWhenOutputLine = line => line.Contains("Ready to accept connections", StringComparison.Ordinal),
        };
        // No persistence and no daemon: the process is ours to stop, and nothing is written outside the temp folder.
        string[] arguments =
        [
            "--bind", "127.0.0.1", "--port", LoopbackUrls.PortText(Port),
            "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--dir", _workingDirectory.FullName,
        ];
        foreach (var argument in arguments)
        {
            options.Arguments.Add(argument);
        }

        return options;
    }
}
