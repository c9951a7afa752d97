using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using ProgressKit.Diagnostics;

namespace ProgressKit.Resilience;

/// <summary>
/// Builds one transport's Polly v8 pipeline: retry (outermost, transient failures only, exponential backoff with
/// jitter), circuit breaker, then a per-attempt timeout (innermost, so that each attempt gets the full timeout).
/// </summary>
/// <remarks>
/// The breaker is the only owner of the circuit's state: the lane reads it through a <see cref="CircuitBreakerStateProvider"/> and
/// isolates it through a <see cref="CircuitBreakerManualControl"/> when the transport reports a configuration fault.
/// </remarks>
internal static class TransportPipelineFactory
{
    public static ResiliencePipeline Create(
        TransportResilienceOptions options,
        string transportName,
        TimeProvider timeProvider,
        ProgressKitMetrics metrics,
        ILogger logger,
        CircuitBreakerStateProvider circuit,
        CircuitBreakerManualControl manualControl,
        ICircuitObserver observer)
    {
        var builder = new ResiliencePipelineBuilder { Name = $"ProgressKit.{transportName}", TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && e is not BrokenCircuitException && TransportFailureClassifier.IsTransient(e)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = args =>
                {
                    metrics.Retried(transportName);
                    observer.TransientFailureSeen();
                    if (logger.IsEnabled(LogLevel.Debug) && args.Context.Properties.TryGetValue(SendContext.EventKey, out var evt))
                    {
                        Log.Retrying(logger, transportName, evt.JobId, evt.Sequence, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    }

                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = static args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && TransportFailureClassifier.IsTransient(e)),
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            StateProvider = circuit,
            ManualControl = manualControl,
            OnOpened = args =>
            {
                // A manual isolation is the lane's answer to a configuration fault, which it logs itself.
                if (!args.IsManual)
                {
                    Log.CircuitOpened(logger, transportName, args.BreakDuration);
                }

                return ValueTask.CompletedTask;
            },
            OnClosed = args =>
            {
                if (!args.IsManual)
                {
                    Log.CircuitClosed(logger, transportName);
                }

                return ValueTask.CompletedTask;
            },
        });

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        return builder.Build();
    }
}
