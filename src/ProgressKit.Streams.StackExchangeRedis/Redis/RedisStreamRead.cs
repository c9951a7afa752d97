using ProgressKit.Events;

namespace ProgressKit.Streams.StackExchangeRedis.Redis;

/// <summary>What Redis holds of a job for one read: its position and newest event, and either the events after the cursor or the streams' text.</summary>
internal sealed record RedisStreamRead(
    ResumeOutcome Outcome,
    JobStreamPosition Position,
    ProgressEvent Snapshot,
    IReadOnlyList<ProgressEvent> Events,
    IReadOnlyDictionary<string, JobStreamText> Streams)
{
    public JobStreamState State => new(Snapshot, Position, Streams);

    public JobResumeResult ToResult() => Outcome == ResumeOutcome.Gapless
        ? new JobResumeResult(ResumeOutcome.Gapless, Position, Events, state: null)
        : new JobResumeResult(Outcome, Position, [], State);
}
