using System.Text.RegularExpressions;
using ProgressKit.TestUtilities.Http;
using Xunit.Abstractions;

namespace ProgressKit.Packaging.Tests;

/// <summary>
/// README promises Native AOT: the Lambda-style worker (samples/AotWorkerSample) is published with PublishAot, with no
/// AOT or trim warning from ProgressKit's own assemblies, and the native binary delivers every kind of event.
/// </summary>
public sealed partial class NativeAotWorkerTests(ITestOutputHelper output)
{
    private static readonly string[] EveryEventType =
    [
        "job_accepted", "job_started", "stage_started", "progress_update", "stage_complete", "agent_status", "chunk",
        "job_complete", "job_failed", "job_cancelled",
    ];

    [Fact]
    public async Task Worker_PublishedWithNativeAot_NoWarningsFromProgressKit_AndTheBinaryDeliversEveryKindOfEvent()
    {
        var publishDir = Directory.CreateTempSubdirectory("progresskit-aot-").FullName;
        try
        {
            var (publishExit, publishOutput) = await DotNetCli.RunAsync(RepositoryPaths.Root, TimeSpan.FromMinutes(15),
                "publish", "samples/AotWorkerSample/AotWorkerSample.csproj", "-c", "Release", "-o", publishDir);
            publishExit.Should().Be(0, $"the AOT publish must succeed:\n{publishOutput}");

            // Without the "[project path]" MSBuild appends, which names the repository's folder.
            var warnings = AotWarning().Matches(publishOutput).Select(m => m.Groups["warning"].Value.Trim()).Distinct().ToList();
            foreach (var warning in warnings)
            {
                output.WriteLine($"AOT/trim warning: {warning}");
            }

            warnings.Should().NotContain(w => w.Contains("ProgressKit", StringComparison.Ordinal), "ProgressKit's own assemblies must be AOT- and trim-clean");
            warnings.Should().BeEmpty("no dependency raises one either today; list it in the package README if one ever must stay");

            var binary = Path.Combine(publishDir, "AotWorkerSample");
            File.Exists(binary).Should().BeTrue("a native executable is published");
            File.Exists(Path.Combine(publishDir, "AotWorkerSample.dll")).Should().BeFalse("a Native AOT publish has no IL assembly");

            await using var eventsApi = await DocumentedEventsApiFake.StartAsync();
            var (runExit, runOutput) = await DotNetCli.RunProgramAsync(binary, publishDir, TimeSpan.FromMinutes(2),
                new Dictionary<string, string?>
                {
                    ["PROGRESSKIT_EVENTS_URL"] = eventsApi.EventUrl.ToString(),
                    ["PROGRESSKIT_API_KEY"] = DocumentedEventsApiFake.ApiKey,
                });
            output.WriteLine(runOutput);

            runExit.Should().Be(0, $"the worker flushes every event before it exits:\n{runOutput}");
            eventsApi.FormatErrors.Should().BeEmpty();
            var delivered = eventsApi.Accepted.Select(e => e.Event["type"]!.GetValue<string>()).ToHashSet();
            delivered.Should().BeEquivalentTo(EveryEventType);
            var completed = eventsApi.Accepted.Where(e => e.Event["job_id"]!.GetValue<string>() == "aot-complete").ToList();
            completed.Select(e => e.Event["seq"]!.GetValue<long>()).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            completed[^1].Event["results"]!["answer"]!.GetValue<string>().Should().Be("42");
        }
        finally
        {
            Directory.Delete(publishDir, recursive: true);
        }
    }

    // ILLink (IL2xxx) and ILCompiler (IL3xxx) warnings as MSBuild prints them.
    [GeneratedRegex(@"(?<warning>[^\r\n]*warning IL[23]\d{3}:[^\r\n\[]*)")]
    private static partial Regex AotWarning();
}
