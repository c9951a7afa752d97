using ProgressKit.LocalServers;

namespace ProgressKit.TestUtilities;

/// <summary>
/// Starts the API Gateway WebSocket emulator for a test. Not a fixture: it needs the URL of the backend (the
/// handler under test), which a test starts first on a free port.
/// </summary>
public static class ServerlessOfflineLauncher
{
    /// <summary>Starts serverless-offline forwarding every WebSocket event to <paramref name="backendUrl"/>, within <see cref="TestTimeouts.FirstServerStart"/>.</summary>
    /// <param name="backendUrl">Where every WebSocket event is POSTed.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it (<c>await using</c>).</returns>
    public static async Task<ServerlessOfflineServer> StartAsync(Uri backendUrl, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TestTimeouts.FirstServerStart);
        return await ServerlessOfflineServer.StartAsync(backendUrl, timeout.Token).ConfigureAwait(false);
    }
}
