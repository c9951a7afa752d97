namespace ProgressKit.Diagnostics;

/// <summary>The names under which ProgressKit publishes telemetry; subscribe to them with OpenTelemetry or <c>dotnet-counters</c>.</summary>
public static class ProgressKitDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> (and of the <see cref="System.Diagnostics.ActivitySource"/>).</summary>
    public const string MeterName = "ProgressKit";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "ProgressKit";
}
