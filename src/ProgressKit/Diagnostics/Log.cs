using Microsoft.Extensions.Logging;

namespace ProgressKit.Diagnostics;

/// <summary>Source-generated log messages; event ids are stable and documented in <c>docs/diagnostics.md</c>.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning,
        "ProgressKit has no transport configured, so progress events go nowhere. Add one on the builder returned by AddProgressKit, for example services.AddProgressKit().AddSignalRTransport(), or AddTransport<T>() for your own IProgressTransport.")]
    public static partial void NoTransportConfigured(ILogger logger);

    [LoggerMessage(1002, LogLevel.Information, "ProgressKit started with transports {Transports}.")]
    public static partial void Started(ILogger logger, string transports);

    [LoggerMessage(1010, LogLevel.Warning,
        "Transport {Transport} failed to deliver {EventType} #{Sequence} of job {JobId} (correlation {CorrelationId}) after retries ({FailureKind}); the event was dead-lettered.")]
    public static partial void DeliveryFailed(ILogger logger, string transport, string eventType, long sequence, string jobId, string? correlationId, string failureKind, Exception exception);

    [LoggerMessage(1011, LogLevel.Error,
        "Transport {Transport} reports a configuration problem ({Message}); its circuit is open and events wait in the buffer until it is fixed. This is logged once until a send succeeds.")]
    public static partial void ConfigurationFault(ILogger logger, string transport, string message, Exception exception);

    [LoggerMessage(1012, LogLevel.Warning, "Transport {Transport} circuit opened after repeated failures; events wait in the buffer for {BreakDuration}.")]
    public static partial void CircuitOpened(ILogger logger, string transport, TimeSpan breakDuration);

    [LoggerMessage(1013, LogLevel.Information, "Transport {Transport} circuit closed; deliveries resumed.")]
    public static partial void CircuitClosed(ILogger logger, string transport);

    [LoggerMessage(1014, LogLevel.Debug, "Transport {Transport} attempt for job {JobId} #{Sequence} failed transiently; retry {Attempt} in {Delay}.")]
    public static partial void Retrying(ILogger logger, string transport, string jobId, long sequence, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(1020, LogLevel.Warning,
        "ProgressKit dropped {EventType} #{Sequence} of job {JobId} (correlation {CorrelationId}) on transport {Transport}: {Reason}. Further drops are counted in progresskit.events.dropped and logged at Debug.")]
    public static partial void EventDroppedFirst(ILogger logger, string eventType, long sequence, string jobId, string? correlationId, string transport, string reason);

    [LoggerMessage(1021, LogLevel.Debug, "ProgressKit dropped {EventType} #{Sequence} of job {JobId} on transport {Transport}: {Reason}.")]
    public static partial void EventDropped(ILogger logger, string eventType, long sequence, string jobId, string transport, string reason);

    [LoggerMessage(1030, LogLevel.Warning, "Job {JobId} (correlation {CorrelationId}) ended without a terminal event; published job_failed with code 'abandoned'.")]
    public static partial void JobAbandoned(ILogger logger, string jobId, string? correlationId);

    [LoggerMessage(1033, LogLevel.Warning, "The handle of job {JobId} (correlation {CorrelationId}) was dropped without Dispose or a terminal event; the job is abandoned.")]
    public static partial void JobHandleDropped(ILogger logger, string jobId, string? correlationId);

    [LoggerMessage(1031, LogLevel.Information, "Job {JobId} (correlation {CorrelationId}) cancellation requested by a client.")]
    public static partial void JobCancellationRequested(ILogger logger, string jobId, string? correlationId);

    [LoggerMessage(1032, LogLevel.Warning, "Asking {Source} whether job {JobId} was cancelled failed; will ask again.")]
    public static partial void CancellationPollFailed(ILogger logger, string source, string jobId, Exception exception);

    [LoggerMessage(1040, LogLevel.Warning, "ProgressKit shutdown drain did not finish within {DrainTimeout}; {Pending} events were not delivered.")]
    public static partial void DrainTimedOut(ILogger logger, TimeSpan drainTimeout, long pending);

    [LoggerMessage(1041, LogLevel.Error, "The dead-letter callback threw; the exception is ignored.")]
    public static partial void DeadLetterCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(1042, LogLevel.Warning, "The job state store failed to record job {JobId}; late joiners may see an older snapshot.")]
    public static partial void StateStoreFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(1044, LogLevel.Error,
        "ProgressKit background work {Operation} failed; it is skipped this time and runs again when next due. Counted in progresskit.background.failures.")]
    public static partial void BackgroundWorkFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(1043, LogLevel.Error, "Transport lane {Transport} stopped unexpectedly.")]
    public static partial void LaneCrashed(ILogger logger, string transport, Exception exception);

    [LoggerMessage(1015, LogLevel.Warning,
        "Transport {Transport} ignored the cancellation of a timed-out attempt to send #{Sequence} of job {JobId}; the job's next event waits until that attempt ends, so it cannot overtake it.")]
    public static partial void AbandonedAttemptStillRunning(ILogger logger, string transport, long sequence, string jobId);
}
