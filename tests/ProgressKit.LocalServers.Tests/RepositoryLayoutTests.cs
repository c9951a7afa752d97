namespace ProgressKit.LocalServers.Tests;

public sealed class RepositoryLayoutTests
{
    [Fact]
    public void RootDirectory_FromTestOutputFolder_HoldsSolution()
    {
        File.Exists(Path.Combine(RepositoryLayout.RootDirectory, RepositoryLayout.SolutionFileName)).Should().BeTrue();
    }

    [Fact]
    public void EmulatorsDirectory_HoldsLockedNpmProject()
    {
        File.Exists(Path.Combine(RepositoryLayout.EmulatorsDirectory, "package-lock.json")).Should().BeTrue();
    }

    [Fact]
    public void FindRootFrom_OutsideRepository_IsNull()
    {
        RepositoryLayout.FindRootFrom(Path.GetPathRoot(Path.GetTempPath())!).Should().BeNull();
    }
}
