using ProgressKit.Events;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>
/// Builds events the way a hand-rolled publisher would (numbered, stamped, whole state), so that the baselines pay for
/// the same event the publisher creates. Not thread-safe: one producer thread.
/// </summary>
internal sealed class HandRolledEvents(string jobId)
{
    private long _sequence;

    public ProgressEvent StageStarted(string stage, double progress) => new()
    {
        Type = ProgressEventType.StageStarted,
        JobId = jobId,
        Sequence = ++_sequence,
        Timestamp = TimeProvider.System.GetUtcNow(),
        Status = JobStatus.Processing,
        Progress = progress,
        Stage = stage,
        StageProgress = 0,
    };

    /// <summary>Prebuilds <paramref name="count"/> stage events spread round-robin over <paramref name="jobs"/> jobs.</summary>
    public static ProgressEvent[] Prebuild(int count, int jobs)
    {
        var timestamp = TimeProvider.System.GetUtcNow();
        var events = new ProgressEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = new ProgressEvent
            {
                Type = ProgressEventType.StageStarted,
                JobId = $"job-{i % jobs}",
                Sequence = (i / jobs) + 1,
                Timestamp = timestamp,
                Status = JobStatus.Processing,
                Progress = 50,
                Stage = "work",
            };
        }

        return events;
    }
}
