namespace ProgressKit.Jobs;

/// <summary>Estimates the seconds a job has left from the average rate of progress since it started.</summary>
/// <remarks>
/// The average since start is steadier than the latest rate, which jumps with every stage of uneven speed; the
/// estimate waits for 1% progress and one second of history, so the first figures are not wild.
/// </remarks>
internal sealed class RemainingTimeEstimator(TimeProvider timeProvider)
{
    private const double MinimumProgress = 1;
    private static readonly TimeSpan MinimumHistory = TimeSpan.FromSeconds(1);
    private long _startedAt = -1;

    public void Start()
    {
        if (_startedAt < 0)
        {
            _startedAt = timeProvider.GetTimestamp();
        }
    }

    public double? Estimate(double progressPercent)
    {
        if (_startedAt < 0 || progressPercent < MinimumProgress || progressPercent >= 100)
        {
            return null;
        }

        var elapsed = timeProvider.GetElapsedTime(_startedAt);
        if (elapsed < MinimumHistory)
        {
            return null;
        }

        var remaining = elapsed.TotalSeconds * (100 - progressPercent) / progressPercent;
        return Math.Round(remaining, 1);
    }
}
