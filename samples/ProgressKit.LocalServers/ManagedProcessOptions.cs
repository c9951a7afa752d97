namespace ProgressKit.LocalServers;

/// <summary>Describes a child process that <see cref="ManagedProcess"/> starts, watches and stops.</summary>
/// <remarks>
/// Readiness is an output line (<see cref="ReadyWhenOutputLine"/>), an HTTP probe (<see cref="ReadyWhenHttpGet"/>),
/// both (both must hold), or neither (ready as soon as the process started).
/// </remarks>
public sealed class ManagedProcessOptions
{
    /// <summary>The default for <see cref="StartupTimeout"/>: 60 seconds, generous for a loaded 2-core CI machine.</summary>
    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default for <see cref="StopGracePeriod"/>: 5 seconds between SIGTERM and killing the tree.</summary>
    public static readonly TimeSpan DefaultStopGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>The default for <see cref="OutputCapacity"/>: the last 200 lines.</summary>
    public const int DefaultOutputCapacity = 200;

    /// <summary>Gets the executable to run (a path, or a name looked up on PATH).</summary>
    public required string FileName { get; init; }

    /// <summary>Gets the arguments, each passed as one argument without shell quoting.</summary>
    public IList<string> Arguments { get; } = [];

    /// <summary>Gets the working directory, or <see langword="null"/> for the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Gets environment variables to set (a <see langword="null"/> value removes the variable).</summary>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Gets a name for messages, such as "dynalite"; <see cref="FileName"/> when unset.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets a predicate over standard output lines; the process is ready once a line satisfies it.</summary>
    public Func<string, bool>? ReadyWhenOutputLine { get; init; }

    /// <summary>Gets a URL to GET until it answers <see cref="ReadyHttpStatusCode"/>.</summary>
    public Uri? ReadyWhenHttpGet { get; init; }

    /// <summary>Gets the status code that the readiness probe expects. The default is 200.</summary>
    public int ReadyHttpStatusCode { get; init; } = 200;

    /// <summary>Gets how long to wait for readiness. The default is <see cref="DefaultStartupTimeout"/>.</summary>
    public TimeSpan StartupTimeout { get; init; } = DefaultStartupTimeout;

    /// <summary>Gets how long a stop waits after SIGTERM before killing the process tree. The default is <see cref="DefaultStopGracePeriod"/>.</summary>
    public TimeSpan StopGracePeriod { get; init; } = DefaultStopGracePeriod;

    /// <summary>Gets how many recent output lines to keep for error messages. The default is <see cref="DefaultOutputCapacity"/>.</summary>
    public int OutputCapacity { get; init; } = DefaultOutputCapacity;

    /// <summary>Gets a callback that receives every output line (stderr lines start with "[stderr] "), for example to log them.</summary>
    /// <remarks>Called on a thread-pool thread; it must not throw or block.</remarks>
    public Action<string>? OnOutputLine { get; init; }
}
