namespace ProgressKit.LocalServers;

/// <summary>
/// Finds the repository's folders at run time, so that tests and samples started from any output folder
/// (bin/Release/net10.0, a test runner's working directory, <c>dotnet run</c>) reach the emulators.
/// </summary>
public static class RepositoryLayout
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "ProgressKit.sln";

    /// <summary>The environment variable that, when set, names the emulators folder and skips the search.</summary>
    public const string EmulatorsDirectoryVariable = "PROGRESSKIT_EMULATORS_DIR";

    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>Gets the repository root: the nearest folder holding <c>ProgressKit.sln</c>.</summary>
    /// <remarks>Searched upward from <see cref="AppContext.BaseDirectory"/>, then from the current directory.</remarks>
    /// <exception cref="InvalidOperationException">Neither search finds the solution file.</exception>
    public static string RootDirectory => s_root.Value ?? throw new InvalidOperationException(
        $"Could not find {SolutionFileName} above '{AppContext.BaseDirectory}' or '{Environment.CurrentDirectory}'. " +
        $"Run from inside the repository, or set {EmulatorsDirectoryVariable} to the emulators folder.");

    /// <summary>Gets the folder holding the npm emulator project (<c>emulators/</c>).</summary>
    /// <remarks>The environment variable <see cref="EmulatorsDirectoryVariable"/> overrides the search.</remarks>
    public static string EmulatorsDirectory
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable(EmulatorsDirectoryVariable);
            return string.IsNullOrWhiteSpace(overridden)
                ? Path.Combine(RootDirectory, "emulators")
                : Path.GetFullPath(overridden);
        }
    }

    /// <summary>Searches upward from <paramref name="startDirectory"/> for the folder holding the solution file.</summary>
    /// <param name="startDirectory">The folder to start from.</param>
    /// <returns>The repository root, or <see langword="null"/> when no ancestor holds the solution file.</returns>
    public static string? FindRootFrom(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string? FindRoot() =>
        FindRootFrom(AppContext.BaseDirectory) ?? FindRootFrom(Environment.CurrentDirectory);
}
