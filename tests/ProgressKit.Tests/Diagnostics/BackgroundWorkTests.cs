using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ProgressKit.Diagnostics;
using ProgressKit.Dispatch;
using ProgressKit.Tests.Fakes;

namespace ProgressKit.Tests.Diagnostics;

public sealed class BackgroundWorkTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ProgressKitMetrics _metrics;
    private readonly MetricCollector<long> _failures;
    private readonly MetricCollector<long> _failed;
    private readonly FakeLogger _logger = new();

    public BackgroundWorkTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new ProgressKitMetrics(meters);
        _failures = new MetricCollector<long>(meters, ProgressKitDiagnostics.MeterName, "progresskit.background.failures");
        _failed = new MetricCollector<long>(meters, ProgressKitDiagnostics.MeterName, "progresskit.events.failed");
    }

    [Fact]
    public void Run_WorkThrows_DoesNotThrow_LogsAndCountsByOperation()
    {
        var ran = BackgroundWork.Run(BackgroundWork.StateStoreTrim, static _ => throw new InvalidOperationException("bug"), 0, _logger, _metrics);

        ran.Should().BeFalse();
        var record = _logger.Collector.GetSnapshot().Should().ContainSingle().Subject;
        record.Id.Id.Should().Be(1044);
        record.Level.Should().Be(LogLevel.Error);
        record.Exception.Should().BeOfType<InvalidOperationException>();
        _failures.GetMeasurementSnapshot().Should().ContainSingle()
            .Which.Tags["operation"].Should().Be(BackgroundWork.StateStoreTrim);
    }

    [Fact]
    public void Run_WorkSucceeds_ReturnsTrue_NothingCounted()
    {
        var box = new StrongBox();

        BackgroundWork.Run(BackgroundWork.TrackerSweep, static b => b.Value = 42, box, _logger, _metrics).Should().BeTrue();

        box.Value.Should().Be(42);
        _failures.GetMeasurementSnapshot().Should().BeEmpty();
        _logger.Collector.Count.Should().Be(0);
    }

    [Fact]
    public void Report_LoggerThrows_DoesNotThrow()
    {
        var act = () => BackgroundWork.Report(BackgroundWork.TrackerSweep, new InvalidOperationException("bug"), new ThrowingLogger(), _metrics);

        act.Should().NotThrow();
        _failures.GetMeasurementSnapshot().Should().ContainSingle();
    }

    [Fact]
    public async Task Queue_WorkThrowsOnThePool_ProcessSurvives_FailureReported()
    {
        // An exception escaping a thread-pool work item ends the process; reaching the assertions proves it did not.
        BackgroundWork.Queue(BackgroundWork.JobCancellation, static _ => throw new InvalidOperationException("bug"), 0, _logger, _metrics);

        await _failures.WaitForMeasurementsAsync(1, TestTimeouts.Signal);
        _logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1044);
    }

    [Fact]
    public async Task SendContinuation_SendThrows_SettlesAsFailed_CountedSoTheCountersAddUp()
    {
        var faulted = ValueTask.FromException<SendOutcome>(new InvalidOperationException("bug in the sender"));

        var outcome = await SendCompletion.OutcomeOfAsync(faulted, "fake", _logger, _metrics);

        outcome.Should().Be(SendOutcome.Failed, "a send left in flight would hold its job for good");
        _failed.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["kind"].Should().Be(SendCompletion.InternalFailureKind);
        _failures.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["operation"].Should().Be(BackgroundWork.SendContinuation);
    }

    public void Dispose()
    {
        _failures.Dispose();
        _failed.Dispose();
        _metrics.Dispose();
        _services.Dispose();
    }

    private sealed class StrongBox
    {
        public int Value { get; set; }
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("logging provider failed");
    }
}
