namespace ProgressKit.Streams;

/// <summary>The wire names of <see cref="ResumeOutcome"/> (the <c>outcome</c> of the <c>resumed</c> reply).</summary>
internal static class ResumeOutcomeNames
{
    /// <summary>The wire name of <see cref="ResumeOutcome.Gapless"/>.</summary>
    public const string Gapless = "gapless";

    /// <summary>The wire name of <see cref="ResumeOutcome.Truncated"/>.</summary>
    public const string Truncated = "truncated";

    /// <summary>The wire name of <see cref="ResumeOutcome.NewEpoch"/>.</summary>
    public const string NewEpoch = "new_epoch";

    /// <summary>Returns the wire name of <paramref name="outcome"/>.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns><c>gapless</c>, <c>truncated</c> or <c>new_epoch</c>.</returns>
    public static string Of(ResumeOutcome outcome) => outcome switch
    {
        ResumeOutcome.Gapless => Gapless,
        ResumeOutcome.NewEpoch => NewEpoch,
        _ => Truncated,
    };
}
