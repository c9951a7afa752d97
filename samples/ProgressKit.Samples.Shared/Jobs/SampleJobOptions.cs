namespace ProgressKit.Samples.Shared.Jobs;

/// <summary>Options of the <see cref="SampleJobRunner"/>; validated on start.</summary>
public sealed class SampleJobOptions
{
    /// <summary>The default of <see cref="MaxRunningJobs"/>.</summary>
    public const int DefaultMaxRunningJobs = 200;

    /// <summary>The default of <see cref="JobIdPrefix"/>.</summary>
    public const string DefaultJobIdPrefix = "job-";

    /// <summary>Gets or sets how many jobs may run at once; <c>POST /jobs</c> answers 429 beyond it, so a busy page cannot exhaust the sample.</summary>
    /// <value>The default is <see cref="DefaultMaxRunningJobs"/> (200). Allowed: 1 to 100,000.</value>
    public int MaxRunningJobs { get; set; } = DefaultMaxRunningJobs;

    /// <summary>Gets or sets the prefix of generated job ids (followed by 32 hex digits); it must keep ids valid (letters, digits, <c>-_.:</c>).</summary>
    /// <value>The default is <see cref="DefaultJobIdPrefix"/> (<c>job-</c>). Allowed: up to 64 characters.</value>
    public string JobIdPrefix { get; set; } = DefaultJobIdPrefix;
}
