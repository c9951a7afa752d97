namespace ProgressKit.LocalServers;

/// <summary>Waiting for a started process to become ready.</summary>
public sealed partial class ManagedProcess
{
    // Polling an HTTP probe is the only signal a server without a "ready" line gives; 50 ms keeps startup snappy.
    private static readonly TimeSpan s_probeInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_probeRequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_outputDrainTimeout = TimeSpan.FromSeconds(2);

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartupTimeout);
        string? lastProbe = null;
        try
        {
            if (_options.ReadyWhenOutputLine is not null)
            {
                var first = await Task.WhenAny(_readyLine.Task, _exited.Task).WaitAsync(timeout.Token).ConfigureAwait(false);
                if (first == _exited.Task)
                {
                    throw await ExitedEarlyAsync().ConfigureAwait(false);
                }

                ReadyLine = await _readyLine.Task.ConfigureAwait(false);
            }

            if (_options.ReadyWhenHttpGet is { } url)
            {
                lastProbe = "no answer";
                await ProbeHttpAsync(url, status => lastProbe = status, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var probe = lastProbe is null ? string.Empty : $" (last probe of {_options.ReadyWhenHttpGet}: {lastProbe})";
            var output = RecentOutput;
            throw new ManagedProcessException(
                $"{DisplayName} (pid {Id}) was not ready within {_options.StartupTimeout.TotalSeconds:0.#} s{probe}.",
                output,
                LooksLikePortInUse(output));
        }
    }

    private async Task ProbeHttpAsync(Uri url, Action<string> report, CancellationToken cancellationToken)
    {
        // Never through a proxy: the probe targets loopback only.
        using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = s_probeRequestTimeout };
        using var client = new HttpClient(handler) { Timeout = s_probeRequestTimeout };
        while (true)
        {
            if (HasExited)
            {
                throw await ExitedEarlyAsync().ConfigureAwait(false);
            }

            try
            {
                using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode == _options.ReadyHttpStatusCode)
                {
                    return;
                }

                report(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (HttpRequestException e)
            {
                report(e.HttpRequestError == HttpRequestError.Unknown ? e.Message : e.HttpRequestError.ToString());
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                report($"no answer within {s_probeRequestTimeout.TotalSeconds} s");
            }

            await Task.Delay(s_probeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ManagedProcessException> ExitedEarlyAsync()
    {
        await DrainOutputAsync().ConfigureAwait(false);
        var output = RecentOutput;
        return new ManagedProcessException(
            $"{DisplayName} (pid {Id}) exited with code {_process.ExitCode} before it was ready.",
            output,
            LooksLikePortInUse(output));
    }

    // Exited fires on the process's exit; its last lines may still be in the pipe, and they usually say why it ended.
    private async Task DrainOutputAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(s_outputDrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A grandchild still holds the pipe open: keep what arrived.
        }
    }

    private static bool LooksLikePortInUse(string output) =>
        output.Contains("EADDRINUSE", StringComparison.Ordinal)
        || output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
        || output.Contains("is already in use", StringComparison.OrdinalIgnoreCase);
}
