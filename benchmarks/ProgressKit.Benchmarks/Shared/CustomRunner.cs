using System.Reflection;
using BenchmarkDotNet.Running;

namespace ProgressKit.Benchmarks.Shared;

/// <summary>Sends the command line to a named custom run, to every run of an area, or to BenchmarkDotNet.</summary>
internal static class CustomRunner
{
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<CustomRun> runs, Assembly benchmarks)
    {
        if (args.Length > 0 && args[0] is "list" or "--list-runs")
        {
            foreach (var run in runs)
            {
                Console.WriteLine($"{run.Name,-24} [{run.Area}] {run.Description}");
            }

            Console.WriteLine("Anything else goes to BenchmarkDotNet, for example: --filter '*Publish*' --job short");
            return 0;
        }

        var selected = args.Length == 0
            ? []
            : runs.Where(r => string.Equals(r.Name, args[0], StringComparison.OrdinalIgnoreCase)
                || string.Equals(r.Area, args[0], StringComparison.OrdinalIgnoreCase)).ToArray();
        if (selected.Length == 0)
        {
            BenchmarkSwitcher.FromAssembly(benchmarks).Run(args);
            return 0;
        }

        Console.WriteLine(EnvironmentReport.Describe());
        foreach (var run in selected)
        {
            Console.WriteLine();
            Console.WriteLine($"## {run.Name}: {run.Description}");
            Console.WriteLine();
            await run.RunAsync(args[1..]);
        }

        return 0;
    }
}
