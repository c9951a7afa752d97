namespace ProgressKit.LocalServers;

/// <summary>
/// An exclusive lock shared by every process on the machine, held as an open file with FileShare.None
/// (.NET takes an flock on Unix), so parallel test projects do not run npm in one folder at once.
/// </summary>
internal sealed class CrossProcessLock : IDisposable
{
    // Waiting for another process's npm ci; a short poll keeps the waiter responsive without busy-spinning.
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(200);

    private readonly FileStream _file;

    private CrossProcessLock(FileStream file) => _file = file;

    public static async Task<CrossProcessLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new CrossProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
