using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit.Jobs;

/// <summary>
/// The publisher's running state of one job: its numbering and its current status, progress and stage, which every
/// event carries whole. Callers hold <see cref="Gate"/> while they create and enqueue an event, which is what keeps a
/// job's events in sequence order on every lane.
/// </summary>
internal sealed class JobTracker(string jobId)
{
    // Every field is written under Gate.
    private Dictionary<string, long>? _chunkIndexes;
    private string? _previousEpoch;

    // True from a deliberate start over until the job's first event: a store read answered meanwhile only tells the
    // epoch to start after, never a position to continue from.
    private bool _startingOver;

    // The publishes made while the job's state is read from the store (a job continued from a hand-off cursor whose
    // store answers later), run in order when it answers; null when nothing is awaited.
    private List<Action>? _heldForStore;

    public Lock Gate { get; } = new();

    /// <summary>The in-memory job stream store's entry for this job, as the store last returned it (a field: passed by reference).</summary>
    /// <remarks>Written under <see cref="Gate"/> by the publisher and read by the store under its own lock, which checks it is still current.</remarks>
    public JobStream? Stream;

    /// <summary>A tracker of a job that already ended with <paramref name="status"/>: it refuses every event (<c>after_terminal</c>).</summary>
    public static JobTracker Ended(string jobId, JobStatus status) => new(jobId) { Status = status };

    public string JobId { get; } = jobId;

    public string? UserId { get; set; }

    public string? TenantId { get; set; }

    public string? CorrelationId { get; set; }

    public IReadOnlyDictionary<string, string>? Metadata { get; set; }

    /// <summary>Gets the job's epoch: chosen with its first event (or taken over from a hand-off cursor or the store), kept for the job's life.</summary>
    public string? Epoch { get; private set; }

    public long Sequence { get; private set; }

    /// <summary>Gets how many events of the epoch that are not <c>progress_update</c> were published (<c>kept_seq</c>).</summary>
    public long KeptSequence { get; private set; }

    /// <summary>Gets the position of the newest event, or null before the first.</summary>
    public JobStreamPosition? Position => Epoch is null ? null : new JobStreamPosition(Epoch, Sequence, KeptSequence);

    public JobStatus Status { get; private set; } = JobStatus.Pending;

    public double Progress { get; private set; }

    public string? Stage { get; private set; }

    public double? StageProgress { get; private set; }

    public double? EstimatedSecondsRemaining { get; set; }

    public bool IsTerminal => Status.IsTerminal();

    /// <summary>Gets or sets a value indicating whether a job handle owns this tracker (it is then never evicted).</summary>
    public bool HasHandle { get; set; }

    /// <summary>
    /// Gets or sets when the job was last published to, in UTC ticks of the options' <see cref="TimeProvider"/>, for
    /// least-recently-used eviction and the idle sweep. Written under <see cref="Gate"/> from the clock read the event's
    /// timestamp already took (a clock read costs as much as a third of a publish call on some virtual machines); read
    /// by the sweeps without the lock (a 64-bit read, and a stale value only delays a release).
    /// </summary>
    public long LastUsed { get; set; }

    public void EnterStage(string stage)
    {
        Stage = stage;
        StageProgress = 0;
    }

    public void SetStageProgress(double percent) => StageProgress = Math.Round(Math.Clamp(percent, 0, 100), 2);

    /// <summary>Raises overall progress; it never goes down within a job.</summary>
    public void RaiseProgress(double percent)
    {
        if (double.IsFinite(percent))
        {
            Progress = Math.Max(Progress, Math.Round(Math.Clamp(percent, 0, 100), 2));
        }
    }

    /// <summary>The next piece of <paramref name="stream"/>, numbered from 0 per stream. Callers hold <see cref="Gate"/>.</summary>
    public ChunkInfo NextChunk(string stream, string text) => new() { Stream = stream, Index = NextChunkIndex(stream), Text = text };

    private long NextChunkIndex(string stream)
    {
        _chunkIndexes ??= new Dictionary<string, long>(StringComparer.Ordinal);
        _chunkIndexes.TryGetValue(stream, out var index);
        _chunkIndexes[stream] = index + 1;
        return index;
    }

    /// <summary>Gets a value indicating whether the job's publishes wait for the store's answer (see <see cref="AwaitStore"/>). Callers hold <see cref="Gate"/>.</summary>
    public bool IsAwaitingStore => _heldForStore is not null;

    /// <summary>Makes the job's publishes wait, in order, until <see cref="PublishHeld"/>. Callers hold <see cref="Gate"/>.</summary>
    public void AwaitStore() => _heldForStore ??= [];

    /// <summary>Keeps <paramref name="publish"/> to run when the store answers. Callers hold <see cref="Gate"/> and checked <see cref="IsAwaitingStore"/>.</summary>
    public void Hold(Action publish) => _heldForStore!.Add(publish);

    /// <summary>
    /// Stops waiting for the store and runs the publishes held meanwhile, in order. Callers hold <see cref="Gate"/>, so
    /// that no publish made meanwhile on another thread overtakes them.
    /// </summary>
    public void PublishHeld()
    {
        var held = _heldForStore;
        _heldForStore = null;
        foreach (var publish in held ?? [])
        {
            publish();
        }
    }

    /// <summary>
    /// Continues the numbering from <paramref name="position"/> (a hand-off cursor, or what the store knows of the job)
    /// when it is at or after the tracker's own; with the store's <paramref name="state"/>, also its status, progress,
    /// stage and chunk indexes (also at the tracker's own position: a hand-off cursor gives the position first, the
    /// store its streams later). Callers hold <see cref="Gate"/>.
    /// </summary>
    public void ContinueFrom(JobStreamPosition position, JobStreamState? state = null)
    {
        var order = Epoch is null ? 1 : string.CompareOrdinal(position.Epoch, Epoch);
        if (order < 0 || (order == 0 && position.Sequence < Sequence))
        {
            return;
        }

        Epoch = position.Epoch;
        Sequence = position.Sequence;
        KeptSequence = position.KeptSequence;
        if (state is null)
        {
            return;
        }

        var snapshot = state.Snapshot;
        Status = snapshot.Status;
        Progress = snapshot.Progress;
        Stage = snapshot.Stage;
        StageProgress = snapshot.StageProgress;
        foreach (var (stream, text) in state.Streams)
        {
            _chunkIndexes ??= new Dictionary<string, long>(StringComparer.Ordinal);
            _chunkIndexes[stream] = text.NextIndex;
        }
    }

    /// <summary>Makes the job's next event start a new epoch later than <paramref name="previousEpoch"/> (and any other epoch given before).</summary>
    public void StartAfter(string previousEpoch)
    {
        if (_previousEpoch is null || string.CompareOrdinal(previousEpoch, _previousEpoch) > 0)
        {
            _previousEpoch = previousEpoch;
        }
    }

    /// <summary>Gets a value indicating whether the job was deliberately started over and has not published since. Callers hold <see cref="Gate"/>.</summary>
    public bool IsStartingOver => _startingOver;

    /// <summary>
    /// Starts the job over: forgets its numbering, status, progress, stage and chunk indexes, so that its next event
    /// starts a new epoch after its current one and <paramref name="knownEpoch"/> (what the store knows), with seq 1.
    /// Callers hold <see cref="Gate"/>.
    /// </summary>
    public void StartOver(string? knownEpoch)
    {
        if (Epoch is { } current)
        {
            StartAfter(current);
        }

        if (knownEpoch is not null)
        {
            StartAfter(knownEpoch);
        }

        _startingOver = true;
        Epoch = null;
        Sequence = 0;
        KeptSequence = 0;
        Status = JobStatus.Pending;
        Progress = 0;
        Stage = null;
        StageProgress = null;
        EstimatedSecondsRemaining = null;
        _chunkIndexes = null;
        Stream = null;
    }

    /// <summary>Numbers and creates the next event from the tracker's state, after moving to <paramref name="status"/>.</summary>
    public ProgressEvent Next(ProgressEventType type, JobStatus status, DateTimeOffset timestamp, string? source, in EventDetails details)
    {
        Status = status;
        if (status == JobStatus.Completed)
        {
            Progress = 100;
        }

        Epoch ??= JobEpoch.After(_previousEpoch, timestamp);
        _startingOver = false;
        if (type != ProgressEventType.ProgressUpdate)
        {
            KeptSequence++;
        }

        return new ProgressEvent
        {
            Type = type,
            JobId = JobId,
            Epoch = Epoch,
            Sequence = ++Sequence,
            KeptSequence = KeptSequence,
            Timestamp = timestamp,
            Status = status,
            Progress = Progress,
            Stage = Stage,
            StageProgress = StageProgress,
            Message = details.Message,
            EstimatedSecondsRemaining = status.IsTerminal() ? null : EstimatedSecondsRemaining,
            Agent = details.Agent,
            Chunk = details.Chunk,
            Results = details.Results,
            Error = details.Error,
            UserId = UserId,
            TenantId = TenantId,
            CorrelationId = CorrelationId,
            Source = source,
            Metadata = Metadata,
        };
    }
}
