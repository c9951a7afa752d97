namespace ProgressKit.LocalServers.Tests;

public sealed class NpmDependenciesTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("progresskit-npm-");

    [Fact]
    public void IsUpToDate_NoNodeModules_IsFalse()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, "package-lock.json"), "{}");

        NpmDependencies.IsUpToDate(_folder.FullName).Should().BeFalse();
    }

    [Fact]
    public void IsUpToDate_InstalledAfterLockFileChanged_IsTrue()
    {
        var installed = WriteFiles();
        File.SetLastWriteTimeUtc(Path.Combine(_folder.FullName, "package-lock.json"), installed.AddMinutes(-1));

        NpmDependencies.IsUpToDate(_folder.FullName).Should().BeTrue();
    }

    [Fact]
    public void IsUpToDate_LockFileChangedAfterInstall_IsFalse()
    {
        var installed = WriteFiles();
        File.SetLastWriteTimeUtc(Path.Combine(_folder.FullName, "package-lock.json"), installed.AddMinutes(1));

        NpmDependencies.IsUpToDate(_folder.FullName).Should().BeFalse();
    }

    [Fact]
    public async Task EnsureInstalledAsync_NoLockFile_Throws()
    {
        await FluentActions.Awaiting(() => NpmDependencies.EnsureInstalledAsync(_folder.FullName)).Should().ThrowAsync<FileNotFoundException>();
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private DateTime WriteFiles()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, "package-lock.json"), "{}");
        var marker = Path.Combine(_folder.CreateSubdirectory("node_modules").FullName, ".package-lock.json");
        File.WriteAllText(marker, "{}");
        var installed = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(marker, installed);
        return installed;
    }
}
