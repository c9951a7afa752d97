namespace ProgressKit.Jobs;

/// <summary>Turns a job's weighted stages and the progress within the current one into overall percent.</summary>
internal sealed class StagePlan
{
    private readonly JobStage[] _stages;
    private readonly double _totalWeight;

    private StagePlan(JobStage[] stages)
    {
        _stages = stages;
        _totalWeight = stages.Sum(static s => s.Weight);
    }

    public static StagePlan? Create(IEnumerable<(string Name, double Weight)>? stages)
    {
        if (stages is null)
        {
            return null;
        }

        var list = new List<JobStage>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, weight) in stages)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(stages));
            if (!(weight > 0) || double.IsInfinity(weight))
            {
                throw new ArgumentException($"Stage '{name}' has weight {weight}; stage weights must be positive and finite.", nameof(stages));
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"Stage '{name}' is declared twice.", nameof(stages));
            }

            list.Add(new JobStage(name, weight));
        }

        return list.Count == 0 ? null : new StagePlan([.. list]);
    }

    /// <summary>Returns overall percent when <paramref name="stage"/> is <paramref name="fraction"/> done, or null for an undeclared stage.</summary>
    public double? OverallPercent(string stage, double fraction)
    {
        var before = 0.0;
        foreach (var declared in _stages)
        {
            if (string.Equals(declared.Name, stage, StringComparison.Ordinal))
            {
                return (before + (declared.Weight * Math.Clamp(fraction, 0, 1))) / _totalWeight * 100;
            }

            before += declared.Weight;
        }

        return null;
    }
}
