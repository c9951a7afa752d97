namespace ProgressKit.Packaging.Tests;

/// <summary>Finds the repository's folders from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shipped projects, one package each.</summary>
    public static IReadOnlyList<string> ShippedProjects { get; } =
    [
        "src/ProgressKit/ProgressKit.csproj",
        "src/ProgressKit.Streams.StackExchangeRedis/ProgressKit.Streams.StackExchangeRedis.csproj",
        "src/ProgressKit.Transports/ProgressKit.Transports.SignalR/ProgressKit.Transports.SignalR.csproj",
        "src/ProgressKit.Transports/ProgressKit.Transports.SignalR.Client/ProgressKit.Transports.SignalR.Client.csproj",
        "src/ProgressKit.Transports/ProgressKit.Transports.SignalR.StackExchangeRedis/ProgressKit.Transports.SignalR.StackExchangeRedis.csproj",
        "src/ProgressKit.Transports/ProgressKit.Transports.ApiGateway/ProgressKit.Transports.ApiGateway.csproj",
        "src/ProgressKit.Transports/ProgressKit.Transports.AppSync/ProgressKit.Transports.AppSync.csproj",
    ];

    /// <summary>The configuration the test itself was built in; the shipped projects were built in it too.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProgressKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ProgressKit.sln not found above {AppContext.BaseDirectory}.");
    }
}
