using System.Runtime;
using System.Runtime.InteropServices;

namespace ProgressKit.Benchmarks.Shared;

/// <summary>Describes the machine a custom run measured on, the way BenchmarkDotNet heads its reports.</summary>
internal static class EnvironmentReport
{
    public static string Describe()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return $"""
            OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})
            CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores
            Runtime: .NET {Environment.Version} ({RuntimeInformation.FrameworkDescription}), GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, concurrent={GCSettings.LatencyMode != GCLatencyMode.Batch}
            Stopwatch: {System.Diagnostics.Stopwatch.Frequency:N0} ticks/s; load average at start: {load}
            Started: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC
            """;
    }

    private static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return "unknown CPU";
        }

        var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    }
}
