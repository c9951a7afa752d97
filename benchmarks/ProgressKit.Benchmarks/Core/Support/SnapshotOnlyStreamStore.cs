using System.Collections.Concurrent;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Benchmarks.Core.Support;

/// <summary>
/// The switch that turns the job stream log off for a comparison: keeps only each job's newest event, as the
/// publisher's snapshot store did before the log (one dictionary write per event, no log, no stream text).
/// </summary>
/// <remarks>Not a product type: resumes are always answered <see cref="ResumeOutcome.Truncated"/> with the snapshot.</remarks>
internal sealed class SnapshotOnlyStreamStore : IJobStreamStore
{
    private static readonly IReadOnlyDictionary<string, JobStreamText> NoStreams = new Dictionary<string, JobStreamText>();

    // Written by any publishing thread; the dictionary is the only state.
    private readonly ConcurrentDictionary<string, ProgressEvent> _snapshots = new(StringComparer.Ordinal);

    public int Count => _snapshots.Count;

    public void Append(ProgressEvent progressEvent) => _snapshots[progressEvent.JobId] = progressEvent;

    public JobStreamState? GetLocalState(string jobId) =>
        _snapshots.TryGetValue(jobId, out var snapshot) ? State(snapshot) : null;

    public ValueTask<JobStreamState?> GetStateAsync(string jobId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_snapshots.TryGetValue(jobId, out var snapshot) ? State(snapshot) : null);

    public ValueTask<JobResumeResult> ReadAsync(string jobId, JobStreamCursor? cursor, CancellationToken cancellationToken = default)
    {
        if (!_snapshots.TryGetValue(jobId, out var snapshot))
        {
            return ValueTask.FromResult(JobResumeResult.UnknownJob);
        }

        var state = State(snapshot);
        return ValueTask.FromResult(new JobResumeResult(ResumeOutcome.Truncated, state.Position, [], state));
    }

    private static JobStreamState State(ProgressEvent snapshot) =>
        new(snapshot, new JobStreamPosition(snapshot.Epoch ?? string.Empty, snapshot.Sequence, snapshot.KeptSequence ?? 0), NoStreams);
}
