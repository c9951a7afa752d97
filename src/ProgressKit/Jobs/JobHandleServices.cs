using Microsoft.Extensions.Logging;
using ProgressKit.Diagnostics;

namespace ProgressKit.Jobs;

/// <summary>What a job handle needs besides publishing: time, logs, metrics and its cancellation sources. One per publisher.</summary>
internal sealed record JobHandleServices(
    TimeProvider TimeProvider,
    ILogger Logger,
    ProgressKitMetrics Metrics,
    bool EstimateRemainingTime,
    TimeSpan CancellationPollInterval,
    IJobCancellationRequestSource[] CancellationSources);
