using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Dispatch;
using ProgressKit.Events;
using ProgressKit.Tests.Fakes;
using ProgressKit.Transports;
using Xunit.Abstractions;

namespace ProgressKit.Tests.Dispatch;

/// <summary>
/// The whole lane under real threads: 8 publishers into a small buffer while a chaotic transport succeeds, is slow,
/// throws transient, permanent and configuration failures, faults its task, or hangs ignoring cancellation for a
/// bounded time; flushes and a dispose happen mid-run. Seeded (the seed is printed; set PROGRESSKIT_STRESS_SEED to
/// replay one) and bounded in count. The checks are structural: no timing is asserted.
/// </summary>
public sealed class LaneStressTests(ITestOutputHelper output)
{
    private const int Publishers = 8;
    private const int JobsPerPublisher = 25;

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        if (int.TryParse(Environment.GetEnvironmentVariable("PROGRESSKIT_STRESS_SEED"), out var fixedSeed))
        {
            data.Add(fixedSeed);
            return data;
        }

        var baseSeed = Environment.TickCount & 0xFFFF;
        for (var i = 0; i < 3; i++)
        {
            data.Add(baseSeed * 3 + i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ChaoticTransport_ManyThreads_SmallBuffer_FlushAndDisposeMidRun_EveryGuaranteeHolds(int seed)
    {
        output.WriteLine($"seed {seed} (replay with PROGRESSKIT_STRESS_SEED={seed})");
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) =>
        {
            if (e.Exception.InnerExceptions.Any(static x => x is ChaosException))
            {
                unobserved.Enqueue(e.Exception);
            }
        };
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            await RunAsync(seed, unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }

    private async Task RunAsync(int seed, ConcurrentQueue<Exception> unobserved)
    {
        var transport = new ChaosTransport(seed);
        var deadLetters = new ConcurrentQueue<DeadLetter>();
        await using var h = PublisherHarness.Create(
            o =>
            {
                o.BufferCapacity = 16;
                o.MaxConcurrentSendsPerTransport = 8;
                o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(40);
                o.Resilience.MaxRetryAttempts = 3;
                o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(2);
                o.Resilience.RetryMaxDelay = TimeSpan.FromMilliseconds(10);
                o.Resilience.CircuitBreakDuration = TimeSpan.FromMilliseconds(500);
                o.Resilience.CircuitSamplingDuration = TimeSpan.FromMilliseconds(500);
                o.OnDeadLetter = deadLetters.Enqueue;
            },
            transports: transport);
        var dispatcher = h.Services.GetRequiredService<ProgressDispatcher>();
        var publishFailures = new ConcurrentQueue<Exception>();

        // Phase 1, gated: every send waits, so every publish call below must return without the transport.
        transport.Close();
        await RunPublishersAsync(h, seed, round: 0, publishFailures, terminal: false);
        transport.IsClosed.Should().BeTrue("all publish calls returned while the transport was gated");
        transport.Open();

        // Phase 2, chaos: a burst of configuration faults, flushes, and a dispose while publishers still run.
        var publishers = RunPublishersAsync(h, seed, round: 1, publishFailures, terminal: true);
        transport.ConfigurationBurst(true);
        (await h.Publisher.FlushAsync(TimeSpan.FromMilliseconds(50))).Should().BeFalse("nothing can be delivered during the burst");
        transport.ConfigurationBurst(false);
        await h.Publisher.FlushAsync(TimeSpan.FromMilliseconds(200));
        // Dispose mid-run: once half the jobs ended one way or the other, while the rest are still on their way.
        var settledJobs = () => AllJobs().Count(id => transport.DeliveredTerminal(id) || deadLetters.Any(d => d.Event.IsTerminal && d.Event.JobId == id));
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (settledJobs() < Publishers * JobsPerPublisher / 2)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"half the jobs should end (seed {seed}; lane: {dispatcher.Lanes[0].DebugState})");
            await Task.Delay(5);
        }

        await dispatcher.DisposeAsync();
        await publishers.WaitAsync(TestTimeouts.Signal);

        publishFailures.Should().BeEmpty("no Publish* call may throw for anything a transport does");

        // Per job, what the transport saw succeed is strictly increasing.
        foreach (var (jobId, seqs) in transport.Succeeded())
        {
            seqs.Should().BeInAscendingOrder($"job {jobId}").And.OnlyHaveUniqueItems($"job {jobId} (seed {seed})");
        }

        // Every job's terminal event was delivered, dead-lettered, or dropped at shutdown and counted.
        var terminals = transport.Succeeded().Where(j => j.Value.Count > 0).ToDictionary(j => j.Key, j => j.Value[^1]);
        var deadTerminals = deadLetters.Where(d => d.Event.IsTerminal).Select(d => d.Event.JobId).ToHashSet();
        var missing = AllJobs().Where(id => !transport.DeliveredTerminal(id) && !deadTerminals.Contains(id)).ToList();
        var shutdownDrops = Sum(h.Dropped, "shutting_down") + Sum(h.Dropped, "drain_timeout");
        missing.Count.Should().BeLessThanOrEqualTo((int)shutdownDrops, $"a terminal event neither delivered nor dead-lettered must be counted as dropped at shutdown (seed {seed})");
        terminals.Should().NotBeEmpty();

        // The counters add up for the transport: published = delivered + coalesced + dropped + failed.
        var published = Sum(h.Published);
        var accounted = Sum(h.Delivered) + Sum(h.Coalesced) + SumTagged(h.Dropped, "chaos") + Sum(h.Failed);
        accounted.Should().Be(published, $"every published event ends in exactly one counter (seed {seed}); dropped by reason: {DropsByReason(h)}");

        // No unobserved task exception, and the lane's thread is gone.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        unobserved.Should().BeEmpty();
        dispatcher.Lanes.Should().OnlyContain(l => l.WaitForPumpExit(TestTimeouts.Signal), "the lane's pump thread ends with it");
        h.Logs.GetSnapshot().Should().NotContain(r => r.Id.Id == 1043 || r.Id.Id == 1044, "no lane or background failure");
    }

    private static IEnumerable<string> AllJobs() =>
        Enumerable.Range(0, Publishers).SelectMany(p => Enumerable.Range(0, JobsPerPublisher).Select(j => $"p{p}-j{j}"));

    private static Task RunPublishersAsync(PublisherHarness h, int seed, int round, ConcurrentQueue<Exception> failures, bool terminal) =>
        Task.WhenAll(Enumerable.Range(0, Publishers).Select(p => Task.Factory.StartNew(
            () =>
            {
                var random = new Random(HashCode.Combine(seed, p, round));
                for (var j = 0; j < JobsPerPublisher; j++)
                {
                    var jobId = $"p{p}-j{j}";
                    try
                    {
                        for (var k = 0; k < 4; k++)
                        {
                            switch (random.Next(4))
                            {
                                case 0: h.Publisher.PublishProgress(jobId, random.Next(100)); break;
                                case 1: h.Publisher.PublishStage(jobId, $"s{k}"); break;
                                case 2: h.Publisher.PublishChunk(jobId, $"c{k}"); break;
                                default: h.Publisher.PublishAgentStatus(jobId, "agent", AgentStatus.Invoking); break;
                            }
                        }

                        if (terminal)
                        {
                            switch (random.Next(3))
                            {
                                case 0: h.Publisher.PublishCompleted(jobId); break;
                                case 1: h.Publisher.PublishFailed(jobId, "boom", "failed"); break;
                                default: h.Publisher.PublishCancelled(jobId); break;
                            }
                        }
                    }
                    catch (Exception ex)
                    {
                        failures.Enqueue(ex);
                    }
                }
            },
            TaskCreationOptions.LongRunning)));

    private static long Sum(Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long> collector, string? reason = null) =>
        collector.GetMeasurementSnapshot().Where(m => reason is null || (string?)m.Tags["reason"] == reason).Sum(m => m.Value);

    private static long SumTagged(Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long> collector, string transport) =>
        collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue("transport", out var t) && (string?)t == transport).Sum(m => m.Value);

    private static string DropsByReason(PublisherHarness h) => string.Join(", ",
        h.Dropped.GetMeasurementSnapshot().GroupBy(m => $"{m.Tags["reason"]}/{(m.Tags.TryGetValue("transport", out var t) ? t : "-")}")
            .Select(g => $"{g.Key}={g.Sum(m => m.Value)}"));

    private sealed class ChaosException(string message) : Exception(message);

    /// <summary>A transport whose every attempt does something else, decided by the seed, the event and the attempt.</summary>
    private sealed class ChaosTransport(int seed) : IProgressTransport
    {
        private readonly ConcurrentDictionary<string, List<long>> _succeeded = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<(string, long), int> _attempts = new();
        private TaskCompletionSource? _gate;
        private int _configurationBurst;
        private int _successes;

        public string Name => "chaos";

        public int Successes => Volatile.Read(ref _successes);

        public int Attempts => _attempts.Values.Sum();

        public bool IsClosed => _gate is { Task.IsCompleted: false };

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _gate?.TrySetResult();

        public void ConfigurationBurst(bool on) => Volatile.Write(ref _configurationBurst, on ? 1 : 0);

        public Dictionary<string, List<long>> Succeeded() =>
            _succeeded.ToDictionary(p => p.Key, p => { lock (p.Value) { return p.Value.ToList(); } });

        public bool DeliveredTerminal(string jobId) => _terminals.ContainsKey(jobId);

        private readonly ConcurrentDictionary<string, bool> _terminals = new(StringComparer.Ordinal);

        public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
        {
            if (_gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            var attempt = _attempts.AddOrUpdate((progressEvent.JobId, progressEvent.Sequence), 1, static (_, n) => n + 1);
            if (Volatile.Read(ref _configurationBurst) == 1)
            {
                throw new TransportException("403 Forbidden (chaos)", TransportFailureKind.Configuration, statusCode: 403);
            }

            var roll = (uint)HashCode.Combine(seed, progressEvent.JobId, progressEvent.Sequence, attempt) % 100;
            switch (roll)
            {
                case < 55:
                    break;
                case < 65:
                    await Task.Delay(1 + (int)(roll % 3), cancellationToken);
                    break;
                case < 75:
                    throw new TransportException("503 (chaos)", TransportFailureKind.Transient, statusCode: 503, innerException: new ChaosException("transient"));
                case < 78:
                    throw new TransportException("400 (chaos)", TransportFailureKind.Permanent, statusCode: 400, innerException: new ChaosException("permanent"));
                case < 86:
                    await Task.Yield();
                    throw new ChaosException("faulted task");
                case < 90:
                    // Hangs ignoring cancellation for a bounded time, then ends one way or the other.
                    await Task.Delay(60 + (int)(roll % 40), CancellationToken.None);
                    if (roll % 2 == 0)
                    {
                        throw new ChaosException("hung, then failed");
                    }

                    break;
                default:
                    break;
            }

            var seqs = _succeeded.GetOrAdd(progressEvent.JobId, static _ => []);
            lock (seqs)
            {
                seqs.Add(progressEvent.Sequence);
            }

            if (progressEvent.IsTerminal)
            {
                _terminals[progressEvent.JobId] = true;
            }

            Interlocked.Increment(ref _successes);
        }
    }
}
