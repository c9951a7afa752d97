using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProgressKit.Events;
using ProgressKit.Transports;
using ProgressKit.Transports.SignalR;

namespace ProgressKit.Benchmarks.SignalR;

/// <summary>
/// The per-event cost the SignalR transport adds to a group send: wire format serialization, the in-flight bound and
/// the group routing, beside a hand-rolled <c>Clients.Group(...).SendAsync(event)</c> to the same (empty) group. No
/// connections: SignalR then skips serialization for the hand-rolled send, so the difference is the whole added cost
/// (the fan-out itself is measured by <c>-- signalr-fanout</c>).
/// </summary>
[MemoryDiagnoser]
public class SignalRSendBenchmarks
{
    private ServiceProvider _services = null!;
    private IHubContext<ProgressHub> _hubContext = null!;
    private IProgressTransport _transport = null!;
    private ProgressEvent _event = null!;
    private ProgressEvent _ownedEvent = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddLogging(l => l.ClearProviders());
        services.AddProgressKit().AddSignalRTransport();
        _services = services.BuildServiceProvider();
        _hubContext = _services.GetRequiredService<IHubContext<ProgressHub>>();
        _transport = _services.GetServices<IProgressTransport>().Single();
        _event = new ProgressEvent
        {
            Type = ProgressEventType.StageStarted,
            JobId = "bench-job-0001",
            Sequence = 42,
            Timestamp = DateTimeOffset.UtcNow,
            Status = JobStatus.Processing,
            Progress = 37.5,
            Stage = "agents",
            StageProgress = 0,
            Message = "Running agents",
            EstimatedSecondsRemaining = 12.4,
        };
        _ownedEvent = new ProgressEvent(_event) { UserId = "user-17", TenantId = "tenant-3" };
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "hand-rolled: Clients.Group(job).SendAsync(event)")]
    public Task RawGroupSend() => _hubContext.Clients.Group(ProgressHubGroups.ForJob(_event.JobId)).SendAsync(ProgressHub.ClientMethod, _event);

    [Benchmark(Description = "ProgressKit transport: job group")]
    public ValueTask TransportSend() => _transport.SendAsync(_event, CancellationToken.None);

    [Benchmark(Description = "ProgressKit transport: job + user + tenant groups")]
    public ValueTask TransportSendOwned() => _transport.SendAsync(_ownedEvent, CancellationToken.None);
}
