namespace ProgressKit.LocalServers;

/// <summary>Shared steps for the emulators that run on Node.js from the repository's emulators/ folder.</summary>
internal static class NodeEmulator
{
    /// <summary>Returns the emulators folder once its npm dependencies are installed.</summary>
    public static async Task<string> PrepareAsync(CancellationToken cancellationToken)
    {
        var directory = RepositoryLayout.EmulatorsDirectory;
        await NpmDependencies.EnsureInstalledAsync(directory, cancellationToken).ConfigureAwait(false);
        return directory;
    }

    /// <summary>Options that run <c>node --require exit-with-parent.js script args...</c>.</summary>
    public static ManagedProcessOptions CreateOptions(
        string displayName,
        string emulatorsDirectory,
        string script,
        IEnumerable<string> arguments,
        string workingDirectory,
        Func<string, bool>? readyWhenOutputLine = null,
        Uri? readyWhenHttpGet = null,
        int readyHttpStatusCode = 200)
    {
        var options = new ManagedProcessOptions
        {
            FileName = ExecutableLocator.Node(),
            DisplayName = displayName,
            WorkingDirectory = workingDirectory,
            ReadyWhenOutputLine = readyWhenOutputLine,
            ReadyWhenHttpGet = readyWhenHttpGet,
            ReadyHttpStatusCode = readyHttpStatusCode,
        };
        options.Arguments.Add("--require");
        options.Arguments.Add(Path.Combine(emulatorsDirectory, "exit-with-parent.js"));
        options.Arguments.Add(script);
        foreach (var argument in arguments)
        {
            options.Arguments.Add(argument);
        }

        // Nothing an emulator does may reach for instance metadata or a cloud account.
        options.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return options;
    }
}
