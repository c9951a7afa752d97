namespace ProgressKit.Benchmarks.Shared;

/// <summary>
/// A named measurement that BenchmarkDotNet cannot express (paced publishing, per-call percentiles, end-to-end delays,
/// message counts); started with <c>dotnet run -c Release -- {Name} [options]</c>.
/// </summary>
/// <param name="Name">The name on the command line, for example <c>publish-latency</c>.</param>
/// <param name="Area">The area it belongs to (<c>core</c>, <c>signalr</c>, ...); <c>-- {Area}</c> runs all of them.</param>
/// <param name="Description">One line for <c>-- list</c>.</param>
/// <param name="RunAsync">Runs the measurement with the remaining arguments and prints markdown results.</param>
internal sealed record CustomRun(string Name, string Area, string Description, Func<string[], Task> RunAsync);
