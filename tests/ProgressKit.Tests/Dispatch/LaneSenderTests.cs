using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using ProgressKit.Diagnostics;
using ProgressKit.Dispatch;
using ProgressKit.Events;
using ProgressKit.Tests.Fakes;
using ProgressKit.Transports;
using System.Diagnostics.Metrics;

namespace ProgressKit.Tests.Dispatch;

/// <summary>
/// <see cref="LaneSender"/> on its own, as the pump drives it: a fake clock, gated fake transports, no sleeps and no
/// lane thread. Each test plays the pump's part (BeginRound, MayStart, StartSend, OnSettled).
/// </summary>
public sealed class LaneSenderTests : IDisposable
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ProgressKitMetrics _metrics;
    private readonly MetricCollector<long> _failed;
    private readonly MetricCollector<long> _rejected;
    private readonly MetricCollector<long> _retried;
    private readonly FakeLogger _logger = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<DeadLetter> _deadLetters = [];

    public LaneSenderTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new ProgressKitMetrics(meters);
        _failed = new MetricCollector<long>(meters, ProgressKitDiagnostics.MeterName, "progresskit.events.failed");
        _rejected = new MetricCollector<long>(meters, ProgressKitDiagnostics.MeterName, "progresskit.sends.rejected");
        _retried = new MetricCollector<long>(meters, ProgressKitDiagnostics.MeterName, "progresskit.sends.retried");
    }

    [Fact]
    public async Task HealthyTransport_CompletingAtOnce_IsDeliveredSynchronously()
    {
        var transport = new FakeTransport();
        var sender = Create(transport);

        sender.BeginRound();
        sender.MayStart(Now, inFlight: 31).Should().BeTrue("a closed circuit never holds sends back");
        var send = sender.StartSend(Event(1), Now).AsTask();

        send.IsCompletedSuccessfully.Should().BeTrue("the fast path skips the pipeline");
        (await send).Should().Be(SendOutcome.Delivered);
        transport.Delivered.Should().ContainSingle();
    }

    [Fact]
    public async Task PendingSend_TimesOutOnTheFakeClock_IsRetried_ThenDelivered()
    {
        var transport = new FakeTransport();
        transport.Hold();
        var sender = Create(transport);
        sender.BeginRound();

        var send = sender.StartSend(Event(1), Now).AsTask();
        send.IsCompleted.Should().BeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        await _retried.WaitForMeasurementsAsync(1, TestTimeouts.Signal);
        transport.Release();
        await AdvanceUntilAsync(send);

        (await send).Should().Be(SendOutcome.Delivered);
        transport.TotalAttempts.Should().BeGreaterThanOrEqualTo(2);
        transport.Delivered.Should().ContainSingle("the timed-out attempt honoured its cancellation");
    }

    [Fact]
    public async Task PermanentFailure_IsDeadLetteredAndCountedOnce()
    {
        var transport = new FakeTransport { Behavior = (_, _, _) => throw new TransportException("400", TransportFailureKind.Permanent, statusCode: 400) };
        var sender = Create(transport);
        sender.BeginRound();

        (await sender.StartSend(Event(1), Now)).Should().Be(SendOutcome.Failed);

        transport.TotalAttempts.Should().Be(1, "a permanent failure is not retried");
        _failed.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["kind"].Should().Be("permanent");
        _deadLetters.Should().ContainSingle().Which.Event.Sequence.Should().Be(1);
    }

    [Fact]
    public async Task ConfigurationFault_IsolatesBeforeItsOutcome_OneProbePerBreak_OnlyTheProbeClosesTheIsolation()
    {
        var forbidden = true;
        var transport = new FakeTransport
        {
            Behavior = (_, _, _) => Volatile.Read(ref forbidden) ? throw new TransportException("403", TransportFailureKind.Configuration, statusCode: 403) : ValueTask.CompletedTask,
        };
        var sender = Create(transport);
        sender.BeginRound();

        (await sender.StartSend(Event(1), Now)).Should().Be(SendOutcome.ConfigurationFault);
        sender.IsCircuitOpen.Should().BeTrue("the circuit is isolated before the outcome reaches the pump");
        _rejected.GetMeasurementSnapshot().Should().ContainSingle();
        _failed.GetMeasurementSnapshot().Should().BeEmpty("a rejected attempt is not a failed event");
        sender.OnSettled(SendOutcome.ConfigurationFault, Now);

        sender.BeginRound();
        sender.RoundState.Should().Be(CircuitState.Isolated);
        sender.MayStart(Now, inFlight: 0).Should().BeFalse("the probe waits a break");
        _time.Advance(BreakDuration);
        sender.MayStart(Now, inFlight: 1).Should().BeFalse("the probe goes alone");
        sender.MayStart(Now, inFlight: 0).Should().BeTrue();

        // The probe is still refused: isolated again, probed again a break later.
        (await sender.StartSend(Event(1), Now)).Should().Be(SendOutcome.ConfigurationFault);
        sender.OnSettled(SendOutcome.ConfigurationFault, Now);
        sender.BeginRound();
        sender.RoundState.Should().Be(CircuitState.Isolated);
        sender.MayStart(Now, inFlight: 0).Should().BeFalse();

        // Fixed: the next probe closes the isolation and is delivered; the circuit is closed.
        Volatile.Write(ref forbidden, false);
        _time.Advance(BreakDuration);
        sender.MayStart(Now, inFlight: 0).Should().BeTrue();
        (await sender.StartSend(Event(1), Now)).Should().Be(SendOutcome.Delivered);
        sender.OnSettled(SendOutcome.Delivered, Now);
        sender.BeginRound();
        sender.RoundState.Should().Be(CircuitState.Closed);
        sender.IsCircuitOpen.Should().BeFalse();
        transport.TotalAttempts.Should().Be(3);
        _logger.Collector.GetSnapshot().Count(r => r.Id.Id == 1011).Should().Be(1, "logged once until fixed");
        _logger.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == 1013);
    }

    [Fact]
    public async Task WhileTheProbeIsInFlight_NoOtherSendMayStart_EvenThoughItClosedTheIsolation()
    {
        var forbidden = true;
        var transport = new FakeTransport
        {
            Behavior = (_, _, _) => Volatile.Read(ref forbidden) ? throw new TransportException("403", TransportFailureKind.Configuration, statusCode: 403) : ValueTask.CompletedTask,
        };
        var sender = Create(transport);
        sender.BeginRound();
        (await sender.StartSend(Event(1), Now)).Should().Be(SendOutcome.ConfigurationFault);
        sender.OnSettled(SendOutcome.ConfigurationFault, Now);
        _time.Advance(BreakDuration);
        Volatile.Write(ref forbidden, false);
        transport.Hold();

        sender.BeginRound();
        var probe = sender.StartSend(Event(1), Now).AsTask();
        sender.BeginRound();

        sender.RoundState.Should().Be(CircuitState.Closed, "the probe closed the isolation to go through");
        sender.MayStart(Now, inFlight: 0).Should().BeFalse("nothing else starts until the probe is settled");
        transport.Release();
        (await probe).Should().Be(SendOutcome.Delivered);
        sender.OnSettled(SendOutcome.Delivered, Now);
        sender.MayStart(Now, inFlight: 0).Should().BeTrue();
    }

    [Fact]
    public async Task StoppingLane_PendingSend_EndsAsStopped()
    {
        var transport = new FakeTransport();
        transport.Hold();
        var sender = Create(transport);
        sender.BeginRound();

        var send = sender.StartSend(Event(1), Now).AsTask();
        await _stopping.CancelAsync();

        (await send.WaitAsync(TestTimeouts.Signal)).Should().Be(SendOutcome.Stopped);
        _failed.GetMeasurementSnapshot().Should().BeEmpty();
    }

    private long Now => _time.GetTimestamp();

    private static ProgressEvent Event(long seq) => LaneEvents.Of("job-1", seq, ProgressEventType.StageStarted);

    private LaneSender Create(IProgressTransport transport)
    {
        var options = new ProgressKitOptions { TimeProvider = _time, OnDeadLetter = _deadLetters.Add };
        options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
        options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        options.Resilience.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
        options.Resilience.CircuitBreakDuration = BreakDuration;
        return new LaneSender(transport, options, _metrics, _logger, _stopping.Token);
    }

    private async Task AdvanceUntilAsync(Task done)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Signal;
        while (!done.IsCompleted && DateTime.UtcNow < deadline)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(done, Task.Delay(5));
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _failed.Dispose();
        _rejected.Dispose();
        _retried.Dispose();
        _metrics.Dispose();
        _services.Dispose();
    }
}
