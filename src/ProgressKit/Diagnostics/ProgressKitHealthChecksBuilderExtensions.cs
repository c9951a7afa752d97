using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProgressKit.Diagnostics;

/// <summary>Adds the ProgressKit health check.</summary>
public static class ProgressKitHealthChecksBuilderExtensions
{
    /// <summary>The default name of the health check.</summary>
    public const string DefaultName = "progresskit";

    /// <summary>
    /// Adds a check that reports <see cref="HealthStatus.Degraded"/> while a transport's circuit is open or no
    /// transport is configured.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags for filtering, for example <c>ready</c>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddProgressKit(this IHealthChecksBuilder builder, string name = DefaultName, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<ProgressKitHealthCheck>(name, HealthStatus.Degraded, tags ?? []);
    }
}
