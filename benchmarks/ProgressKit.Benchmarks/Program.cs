using ProgressKit.Benchmarks.ApiGateway;
using ProgressKit.Benchmarks.Core;
using ProgressKit.Benchmarks.ScaleOut;
using ProgressKit.Benchmarks.Shared;
using ProgressKit.Benchmarks.SignalR;

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
    new("stream-memory", "core", "memory per job the job stream store holds at its default bounds for 10,000 finished jobs, log on and off", StreamMemoryRun.RunAsync),
    new("stream-log-interleaved", "core", "publish call with the job stream log on vs off, in alternating rounds of one process (median of the rounds' ratios)", StreamLogInterleavedRun.RunAsync),
    new("message-count", "core", "messages sent for a 60 s job reporting every 10 ms, with and without the minimum progress interval", MessageCountRun.RunAsync),
    new("apigateway-interleaved", "apigateway", "events/s to a local management endpoint at 1, 16 and 64 concurrent posts, transport and hand-rolled signed loop in alternating rounds", ApiGatewayInterleavedRun.RunAsync),
    new("scale-out", "scale-out", "a worker publishing through Redis to clients on two web nodes: deliveries/s, beside raw IHubContext group sends over the same backplane", ScaleOutRun.RunAsync),
    new("signalr-resume", "signalr", "time to deliver a resume 1,000 events behind over SignalR on loopback, beside Subscribe (today's late join)", SignalRResumeRun.RunAsync),
    new("signalr-fanout", "signalr", "1,000 loopback SignalR clients over 100 jobs: deliveries/s flat out and p50/p99 publish-to-receive at 2,000/s, beside raw IHubContext group sends", SignalRFanoutRun.RunAsync),
];

return await CustomRunner.RunAsync(args, customRuns, typeof(Program).Assembly);
