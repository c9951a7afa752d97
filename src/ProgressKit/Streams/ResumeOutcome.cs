namespace ProgressKit.Streams;

/// <summary>The case a resume answers (the <c>outcome</c> of the <c>resumed</c> reply).</summary>
public enum ResumeOutcome
{
    /// <summary>Every event after the cursor is retained: they are replayed in order, then live events follow.</summary>
    Gapless,

    /// <summary>
    /// Events the client lacks were evicted, the replay would exceed the bound per replay, the request had no cursor,
    /// or nothing is known of the job: the client replaces its state with the snapshot and the streams' text.
    /// </summary>
    Truncated,

    /// <summary>The cursor's epoch is not the job's current one: answered like <see cref="Truncated"/>.</summary>
    NewEpoch,
}
