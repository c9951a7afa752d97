using System.Diagnostics;
using ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

/// <summary>
/// The test worker (<see cref="WorkerHost"/>) as a separate OS process, started with <c>dotnet &lt;dll&gt;</c>: a
/// generic host without Kestrel that publishes over the SignalR Redis backplane. Driven with <see cref="WorkerCommands"/>
/// lines on stdin; its answers are read from stdout.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(string Line, TaskCompletionSource Signal)> _waiters = [];

    private WorkerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static async Task<WorkerProcess> StartAsync(string redisConfiguration)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, typeof(WorkerHost).Assembly.GetName().Name + ".dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(redisConfiguration);
        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        await worker.WaitForLineAsync("ready", TestTimeouts.ServerStart);
        return worker;
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the worker's publisher delivered everything published so far, none of it dead-lettered.</summary>
    public async Task FlushAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        await SendAsync($"flush {id}");
        await WaitForLineAsync($"flushed {id} true deadletters=0", TimeSpan.FromSeconds(90));
    }

    public Task WaitForLineAsync(string line, TimeSpan? timeout = null)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.Contains(line))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((line, signal));
        }

        return signal.Task.WithTimeout(timeout, $"worker line '{line}'");
    }

    /// <summary>Returns the first line received so far that starts with <paramref name="prefix"/>.</summary>
    public string ReceivedLine(string prefix)
    {
        lock (_gate)
        {
            return _lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The worker has not answered a line starting with '{prefix}'.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("exit");
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (Exception exception) when (exception is IOException or TimeoutException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Line == line)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
