using BenchmarkDotNet.Attributes;
using ProgressKit.Benchmarks.Core.Support;
using ProgressKit.Dispatch;
using ProgressKit.Events;

namespace ProgressKit.Benchmarks.Core;

/// <summary>
/// Events per second from publish to an in-memory transport: a burst of <see cref="Events"/> events over
/// <see cref="Jobs"/> jobs, timed until the transport received the last one, beside a raw <c>Channel&lt;T&gt;</c>
/// with a single reader loop (the baseline). Events/s = 1e9 / Mean (ns per event).
/// </summary>
/// <remarks>
/// Both buffers hold the whole burst, so nothing is dropped and every event is delivered. The events are stage
/// transitions, which the dispatcher never coalesces. "Dispatcher" enqueues prebuilt events (the dispatcher alone);
/// "publisher" also pays for numbering, snapshots and creating each event, as an application does.
/// </remarks>
[MemoryDiagnoser]
public class DispatcherThroughputBenchmarks
{
    private const int Events = 100_000;
    private const int Jobs = 64;

    private ProgressEvent[] _events = null!;
    private string[] _jobIds = null!;
    private CountingTransport _rawTransport = null!;
    private CountingTransport _dispatcherTransport = null!;
    private CountingTransport _publisherTransport = null!;
    private RawChannelPump _raw = null!;
    private ProgressKitHost _dispatcherHost = null!;
    private ProgressKitHost _publisherHost = null!;
    private ProgressDispatcher _dispatcher = null!;
    private IProgressPublisher _publisher = null!;

    [GlobalSetup]
    public void Setup()
    {
        _events = HandRolledEvents.Prebuild(Events, Jobs);
        _jobIds = Enumerable.Range(0, Jobs).Select(i => $"job-{i}").ToArray();
        _rawTransport = new CountingTransport("raw");
        _dispatcherTransport = new CountingTransport("dispatcher");
        _publisherTransport = new CountingTransport("publisher");
        _raw = new RawChannelPump(_rawTransport, Events);
        _dispatcherHost = ProgressKitHost.Start(_dispatcherTransport, o => o.BufferCapacity = Events);
        _dispatcher = _dispatcherHost.Dispatcher;
        _publisherHost = ProgressKitHost.Start(_publisherTransport, o => o.BufferCapacity = Events);
        _publisher = _publisherHost.Publisher;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _raw.DisposeAsync();
        await _dispatcherHost.DisposeAsync();
        await _publisherHost.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "hand-rolled: raw Channel + single reader loop")]
    public Task RawChannelPump()
    {
        var delivered = _rawTransport.Expect(Events);
        foreach (var progressEvent in _events)
        {
            _raw.Write(progressEvent);
        }

        return delivered;
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "ProgressKit: dispatcher (prebuilt events)")]
    public Task Dispatcher()
    {
        var delivered = _dispatcherTransport.Expect(Events);
        foreach (var progressEvent in _events)
        {
            _dispatcher.Enqueue(progressEvent);
        }

        return delivered;
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "ProgressKit: publisher (PublishStage)")]
    public Task Publisher()
    {
        var delivered = _publisherTransport.Expect(Events);
        var jobIds = _jobIds;
        for (var i = 0; i < Events; i++)
        {
            _publisher.PublishStage(jobIds[i % Jobs], "work", progress: 50);
        }

        return delivered;
    }
}
