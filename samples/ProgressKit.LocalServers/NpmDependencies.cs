using System.Security.Cryptography;
using System.Text;

namespace ProgressKit.LocalServers;

/// <summary>Installs a folder's npm dependencies from its committed package-lock.json when they are missing or stale.</summary>
public static class NpmDependencies
{
    /// <summary>How long one <c>npm ci</c> may take: 10 minutes (the emulators folder takes about a minute).</summary>
    public static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Tells whether <paramref name="directory"/>'s node_modules was installed after its package-lock.json last changed.</summary>
    /// <remarks>
    /// npm writes node_modules/.package-lock.json at the end of every install, so its time stamp says when the
    /// folder was last installed; a package-lock.json that is newer (a pull, a version bump) makes it stale.
    /// </remarks>
    /// <param name="directory">A folder holding package-lock.json.</param>
    /// <returns><see langword="true"/> when no install is needed.</returns>
    public static bool IsUpToDate(string directory)
    {
        var installed = new FileInfo(Path.Combine(directory, "node_modules", ".package-lock.json"));
        var lockFile = new FileInfo(Path.Combine(directory, "package-lock.json"));
        return installed.Exists && installed.LastWriteTimeUtc >= lockFile.LastWriteTimeUtc;
    }

    /// <summary>Runs <c>npm ci</c> in <paramref name="directory"/> unless its node_modules is up to date.</summary>
    /// <remarks>
    /// Safe to call from many processes at once: a machine-wide lock per folder lets one of them install while the
    /// others wait and then find the folder up to date. Returns at once (a time stamp check) when nothing is to do.
    /// </remarks>
    /// <param name="directory">A folder holding package.json and package-lock.json.</param>
    /// <param name="cancellationToken">Cancels the wait or the install.</param>
    /// <returns>A task that completes when node_modules is up to date.</returns>
    /// <exception cref="FileNotFoundException">The folder has no package-lock.json.</exception>
    /// <exception cref="InvalidOperationException">npm is missing or <c>npm ci</c> failed; the message quotes its output.</exception>
    public static async Task EnsureInstalledAsync(string directory, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(directory);
        if (!File.Exists(Path.Combine(folder, "package-lock.json")))
        {
            throw new FileNotFoundException($"No package-lock.json in '{folder}'.", Path.Combine(folder, "package-lock.json"));
        }

        if (IsUpToDate(folder))
        {
            return;
        }

        using var gate = await CrossProcessLock.AcquireAsync(LockPath(folder), cancellationToken).ConfigureAwait(false);
        if (IsUpToDate(folder))
        {
            return;
        }

        var npm = ExecutableLocator.Require("npm", "Install Node.js 20 and npm: sudo apt-get install -y nodejs npm");
        var result = await CommandRunner.RunAsync(
            npm, ["ci", "--no-audit", "--no-fund"], folder, standardInput: null, InstallTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'npm ci' failed in '{folder}' with exit code {result.ExitCode}:{Environment.NewLine}{result.StandardError}{result.StandardOutput}");
        }
    }

    // In the temp folder, not the repository, so the lock file never shows up in git status.
    private static string LockPath(string folder)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..16];
        return Path.Combine(Path.GetTempPath(), $"progresskit-npm-{hash}.lock");
    }
}
