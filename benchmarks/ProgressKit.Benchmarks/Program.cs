using ProgressKit.Benchmarks.Core;
using ProgressKit.Benchmarks.Shared;

// Always in Release, from the repository root:
//   BenchmarkDotNet:  dotnet run -c Release --project benchmarks/ProgressKit.Benchmarks -- --filter '*' --job short
//   one custom run:   dotnet run -c Release --project benchmarks/ProgressKit.Benchmarks -- publish-latency
//   an area's runs:   dotnet run -c Release --project benchmarks/ProgressKit.Benchmarks -- core
//   list the runs:    dotnet run -c Release --project benchmarks/ProgressKit.Benchmarks -- list
// Custom runs measure what BenchmarkDotNet cannot: paced publishing, per-call percentiles, end-to-end delays and
// message counts. Each area adds its folder and one entry per run below; results go to benchmarks/results/<area>.md.
CustomRun[] customRuns =
[
    new("publish-latency", "core", "publish call duration (p50/p99) flooding, at ~1,000/s and at 3/s, beside a raw channel with a parked reader", PublishLatencyRun.RunAsync),
    new("added-delay", "core", "delay from publish to the transport call (p50/p99) with a fast transport, beside a raw channel", AddedDelayRun.RunAsync),
    new("message-count", "core", "messages sent for a 60 s job reporting every 10 ms, with and without the minimum progress interval", MessageCountRun.RunAsync),
];

return await CustomRunner.RunAsync(args, customRuns, typeof(Program).Assembly);
