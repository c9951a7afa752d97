namespace ProgressKit.Resilience;

/// <summary>What a lane learns from its pipeline's breaker and retry callbacks.</summary>
internal interface ICircuitObserver
{
    /// <summary>The breaker opened for <paramref name="breakDuration"/>: no send is worth starting before it passes.</summary>
    void CircuitOpened(TimeSpan breakDuration);

    /// <summary>An attempt failed transiently; the breaker is counting.</summary>
    void TransientFailureSeen();
}
