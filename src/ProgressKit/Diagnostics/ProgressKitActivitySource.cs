using System.Diagnostics;

namespace ProgressKit.Diagnostics;

/// <summary>The <see cref="ActivitySource"/> that traces sends; an activity is only created when someone listens.</summary>
internal static class ProgressKitActivitySource
{
    public static readonly ActivitySource Instance = new(ProgressKitDiagnostics.ActivitySourceName);
}
