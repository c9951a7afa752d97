namespace ProgressKit.LocalServers;

/// <summary>Finds executables on PATH, so a missing prerequisite fails with an install hint instead of "file not found".</summary>
internal static class ExecutableLocator
{
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", string.Empty } : [string.Empty];
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static string Require(string name, string installHint) =>
        FindOnPath(name) ?? throw new InvalidOperationException(
            $"'{name}' was not found on PATH. {installHint} (or run build/install-prerequisites.sh as root).");

    /// <summary>The Node.js executable that runs every emulator.</summary>
    public static string Node() =>
        Require("node", "Install Node.js 20 and npm: sudo apt-get install -y nodejs npm");
}
