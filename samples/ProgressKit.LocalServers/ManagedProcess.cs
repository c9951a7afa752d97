using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace ProgressKit.LocalServers;

/// <summary>
/// A child process (node or a native server) that is started, watched until ready, and stopped again:
/// SIGTERM first, then the whole process tree is killed after a grace period.
/// </summary>
/// <remarks>
/// Standard output and error are kept in a bounded buffer (<see cref="RecentOutput"/>) so that failures can
/// say what the process printed. Standard input is a pipe that stays open: the node emulators exit when it
/// closes, so they do not outlive a test host that was killed. Every live process is also killed when this
/// process exits normally. Members are thread-safe; stopping is idempotent.
/// </remarks>
public sealed partial class ManagedProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ManagedProcess, byte> s_live = new();

    private readonly Process _process;
    private readonly ManagedProcessOptions _options;
    private readonly OutputRingBuffer _output;
    private readonly TaskCompletionSource<string> _readyLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _stopGate = new(1, 1);
    private bool _stopped;

    static ManagedProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllLive();

    private ManagedProcess(ManagedProcessOptions options)
    {
        _options = options;
        _output = new OutputRingBuffer(options.OutputCapacity);
        DisplayName = options.DisplayName ?? Path.GetFileName(options.FileName);
        _process = new Process { StartInfo = CreateStartInfo(options), EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        _process.Exited += (_, _) => _exited.TrySetResult();
    }

    /// <summary>Gets the operating system's process id.</summary>
    public int Id { get; private set; }

    /// <summary>Gets the name used in messages.</summary>
    public string DisplayName { get; }

    /// <summary>Gets a value indicating whether the process has exited.</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Gets the standard output line that made the process ready, or <see langword="null"/> when readiness did not look at output.</summary>
    public string? ReadyLine { get; private set; }

    /// <summary>Gets the most recent output lines (standard error lines start with "[stderr] ").</summary>
    public string RecentOutput => _output.ToString();

    /// <summary>Starts a process and waits until it is ready.</summary>
    /// <param name="options">What to start and how to tell that it is ready.</param>
    /// <param name="cancellationToken">Cancels the wait; the process is then stopped.</param>
    /// <returns>The running process.</returns>
    /// <exception cref="ManagedProcessException">The process could not start, exited early or was not ready in time; the message quotes its output.</exception>
    public static async Task<ManagedProcess> StartAsync(ManagedProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var managed = new ManagedProcess(options);
        managed.Start();
        try
        {
            await managed.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return managed;
        }
        catch
        {
            await managed.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="start"/>, and runs it once more when it fails because a port was taken.</summary>
    /// <remarks>
    /// <see cref="FreePort.Get()"/> cannot reserve a port, so another process may bind it first; <paramref name="start"/>
    /// must pick its ports afresh on each call.
    /// </remarks>
    /// <typeparam name="T">What <paramref name="start"/> returns.</typeparam>
    /// <param name="start">Picks ports and starts a process.</param>
    /// <param name="cancellationToken">Passed to <paramref name="start"/>.</param>
    /// <returns>What the successful attempt returned.</returns>
    public static async Task<T> RetryOnPortInUseAsync<T>(Func<CancellationToken, Task<T>> start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        try
        {
            return await start(cancellationToken).ConfigureAwait(false);
        }
        catch (ManagedProcessException e) when (e.IsPortInUse)
        {
            return await start(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the process: SIGTERM, then after the grace period the whole process tree is killed.</summary>
    /// <remarks>Idempotent; returns at once when the process already stopped.</remarks>
    /// <param name="cancellationToken">Cancels waiting for the process to exit.</param>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            if (!HasExited && (!PosixSignals.TryTerminate(Id) || !await ExitsWithinAsync(_options.StopGracePeriod, cancellationToken).ConfigureAwait(false)))
            {
                KillTree();
                await _exited.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            await DrainOutputAsync().ConfigureAwait(false);
            _stopped = true;
            s_live.TryRemove(this, out _);
            _process.Dispose();
        }
        finally
        {
            _stopGate.Release();
        }
    }

    /// <summary>Stops the process (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private static ProcessStartInfo CreateStartInfo(ManagedProcessOptions options)
    {
        var info = new ProcessStartInfo(options.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
            WorkingDirectory = options.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in options.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static void KillAllLive()
    {
        foreach (var managed in s_live.Keys)
        {
            managed.KillTree();
        }
    }

    private void Start()
    {
        try
        {
            _process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ManagedProcessException(
                $"Could not start {DisplayName} ('{_options.FileName}'): {e.Message}", string.Empty, isPortInUse: false, e);
        }

        Id = _process.Id;
        s_live.TryAdd(this, 0);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited (or never started): nothing left to kill.
        }
        catch (Win32Exception)
        {
            // Exited between the check and the kill.
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        var recorded = isError ? "[stderr] " + line : line;
        _output.Add(recorded);
        try
        {
            _options.OnOutputLine?.Invoke(recorded);
        }
        catch (Exception)
        {
            // A logging callback must not stop output capture.
        }

        if (!isError && _options.ReadyWhenOutputLine is { } isReady && !_readyLine.Task.IsCompleted && isReady(line))
        {
            _readyLine.TrySetResult(line);
        }
    }
}
