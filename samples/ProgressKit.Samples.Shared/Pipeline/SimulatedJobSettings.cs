namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>How one run of the <see cref="SimulatedAgentPipeline"/> behaves.</summary>
public sealed record SimulatedJobSettings
{
    /// <summary>The default of <see cref="Duration"/>: 20 seconds.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(20);

    /// <summary>The longest <see cref="Duration"/> the pipeline accepts: 1 hour.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>Gets the default settings: a successful job of <see cref="DefaultDuration"/>.</summary>
    public static SimulatedJobSettings Default { get; } = new();

    /// <summary>Gets how long the whole job takes; every stage scales with it.</summary>
    /// <value>The default is <see cref="DefaultDuration"/> (20 seconds). Allowed: more than zero, up to <see cref="MaxDuration"/>.</value>
    public TimeSpan Duration { get; init; } = DefaultDuration;

    /// <summary>Gets a value indicating whether the job fails partway, with <see cref="SimulatedPipelineNames.FailureCode"/>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Fail { get; init; }
}
