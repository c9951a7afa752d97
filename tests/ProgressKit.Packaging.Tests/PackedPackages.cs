using System.IO.Compression;
using System.Xml.Linq;

namespace ProgressKit.Packaging.Tests;

/// <summary>Packs every shipped project once per test run, under a version of its own so that no cached copy is used.</summary>
public sealed class PackedPackages : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("progresskit-packages-").FullName;

    public string Version { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public async Task InitializeAsync()
    {
        foreach (var project in RepositoryPaths.ShippedProjects)
        {
            // --no-build: the projects were built with this test (its project references), in its configuration.
            var (exitCode, output) = await DotNetCli.RunAsync(RepositoryPaths.Root, TimeSpan.FromMinutes(5),
                "pack", project, "-c", RepositoryPaths.Configuration, "--no-build", "-o", Folder, $"-p:PackageVersion={Version}");
            exitCode.Should().Be(0, $"dotnet pack {project} failed:\n{output}");
        }
    }

    /// <summary>The dependencies each package's nuspec declares: package id -> (dependency id, version range).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Id, string Version)>> Dependencies()
    {
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>();
        foreach (var path in Directory.GetFiles(Folder, "*.nupkg"))
        {
            using var archive = ZipFile.OpenRead(path);
            var entry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = entry.Open();
            var nuspec = XDocument.Load(stream);
            var id = nuspec.Descendants().Single(e => e.Name.LocalName == "id").Value;
            result[id] = nuspec.Descendants()
                .Where(e => e.Name.LocalName == "dependency")
                .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!))
                .ToList();
        }

        return result;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
