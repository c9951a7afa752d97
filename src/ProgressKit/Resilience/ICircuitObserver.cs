namespace ProgressKit.Resilience;

/// <summary>What a lane learns from its pipeline's retry callbacks.</summary>
internal interface ICircuitObserver
{
    /// <summary>An attempt failed transiently; the breaker is counting.</summary>
    void TransientFailureSeen();
}
