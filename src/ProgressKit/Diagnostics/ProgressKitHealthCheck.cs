using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProgressKit.Dispatch;

namespace ProgressKit.Diagnostics;

/// <summary>Degraded while a transport's circuit is open or no transport is configured; healthy otherwise.</summary>
internal sealed class ProgressKitHealthCheck(ProgressDispatcher dispatcher) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["transports"] = string.Join(",", dispatcher.TransportNames),
            ["queue_depth"] = dispatcher.Depth,
        };
        if (dispatcher.IsNoOp)
        {
            return Task.FromResult(HealthCheckResult.Degraded("ProgressKit has no transport configured: progress events go nowhere.", data: data));
        }

        var open = dispatcher.OpenCircuits.ToArray();
        return Task.FromResult(open.Length > 0
            ? HealthCheckResult.Degraded($"ProgressKit transport circuit open: {string.Join(", ", open)}; events wait in the buffer.", data: data)
            : HealthCheckResult.Healthy("ProgressKit transports are delivering.", data));
    }
}
