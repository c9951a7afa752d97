namespace ProgressKit.Jobs;

/// <summary>A declared stage of a job and its share of the job's work, relative to the other stages.</summary>
/// <param name="Name">The stage name, as published in <c>stage</c>.</param>
/// <param name="Weight">The stage's relative weight; must be positive.</param>
internal readonly record struct JobStage(string Name, double Weight);
