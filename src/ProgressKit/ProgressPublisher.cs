using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Diagnostics;
using ProgressKit.Dispatch;
using ProgressKit.Events;
using ProgressKit.Jobs;
using ProgressKit.State;
using ProgressKit.Streams;

namespace ProgressKit;

/// <summary>The <see cref="IProgressPublisher"/>: numbers events per job, records snapshots and hands events to the dispatcher.</summary>
/// <remarks>Every <c>Publish*</c> method and every job-handle method goes through <see cref="Publish{TState}"/>.</remarks>
internal sealed partial class ProgressPublisher : IProgressPublisher, IJobHost, IAsyncDisposable
{
    private readonly JobTrackers _jobs;
    private readonly ProgressDispatcher _dispatcher;
    private readonly IJobStateStore _stateStore;
    private readonly IJobStreamStore _streams;

    // The default store, when it is the one registered: appended to with the publish call's own clock reading.
    private readonly InMemoryJobStreamStore? _memoryStreams;

    // Whether a job new to this process, published without a cursor, waits for a shared store's position: not for the
    // in-memory store (its own copy is the whole store), nor when the application turned it off.
    private readonly bool _readsSharedStoreForUntrackedJobs;

    // False when the snapshot store is the stream store's own view, which the append already updated.
    private readonly bool _recordsSnapshotsApart;
    private readonly ProgressKitMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string? _source;

    public ProgressPublisher(
        ProgressDispatcher dispatcher,
        IJobStateStore stateStore,
        IJobStreamStore streams,
        JobRegistry registry,
        IEnumerable<IJobCancellationRequestSource> cancellationSources,
        ProgressKitMetrics metrics,
        IOptions<ProgressKitOptions> options,
        ILogger<ProgressPublisher> logger)
    {
        var value = options.Value;
        _dispatcher = dispatcher;
        _stateStore = stateStore;
        _streams = streams;
        _memoryStreams = streams as InMemoryJobStreamStore;
        _readsSharedStoreForUntrackedJobs = _memoryStreams is null && value.Streams.ContinueFromSharedStore;
        _recordsSnapshotsApart = stateStore is not JobStreamSnapshotStore;
        _metrics = metrics;
        _logger = logger;
        _source = value.Source;
        _jobs = new JobTrackers(JobTrackerLimits.From(value), ContinueFromStore, ReadStore, value.TimeProvider, logger, metrics);
        Registry = registry;
        TimeProvider = value.TimeProvider;
        Services = new JobHandleServices(
            value.TimeProvider, logger, metrics, value.EstimateRemainingTime, value.CancellationPollInterval, cancellationSources.ToArray());
        if (dispatcher.IsNoOp)
        {
            Log.NoTransportConfigured(logger);
        }
        else
        {
            Log.Started(logger, string.Join(", ", dispatcher.TransportNames));
        }
    }

    /// <inheritdoc />
    public JobHandleServices Services { get; }

    internal JobRegistry Registry { get; }

    internal TimeProvider TimeProvider { get; }

    internal ProgressDispatcher Dispatcher => _dispatcher;

    /// <summary>Gets how many jobs the publisher tracks (for tests of its bound).</summary>
    internal int TrackedJobs => _jobs.Count;

    /// <summary>Gets how many ended jobs the publisher remembers, to refuse their later events (for tests).</summary>
    internal int FinishedJobs => _jobs.FinishedCount;

    /// <summary>Gets a value indicating whether a sweep is queued or running (for tests).</summary>
    internal bool IsSweeping => _jobs.IsSweeping;

    private void DropAfterTerminal() => _metrics.Dropped(DropReasons.AfterTerminal);

    private void AppendToStream(JobTracker job, ProgressEvent progressEvent, DateTimeOffset now)
    {
        try
        {
            if (_memoryStreams is { } memory)
            {
                memory.Append(progressEvent, now, ref job.Stream);
            }
            else
            {
                _streams.Append(progressEvent);
            }
        }
        catch (Exception ex)
        {
            Log.StreamStoreFailed(_logger, progressEvent.JobId, ex);
        }
    }

    // A job this process does not track yet continues from what the store's own copy knows of it (a job whose tracker
    // was forgotten). When the copy knows nothing and the store is a shared one, the store may know the job from
    // another process: the tracker then awaits the store (ReadStore), so its publishes are held, not blocked. The
    // in-memory store's copy is the whole store. Runs before any other thread sees the tracker.
    private void ContinueFromStore(JobTracker tracker)
    {
        try
        {
            if (_streams.GetLocalState(tracker.JobId) is { } state)
            {
                ContinueUntracked(tracker, state);
            }
            else if (_readsSharedStoreForUntrackedJobs)
            {
                tracker.AwaitStore();
            }
        }
        catch (Exception ex)
        {
            Log.StreamStoreFailed(_logger, tracker.JobId, ex);
        }
    }

    // A job's state as a store knows it, for a job published to without a cursor: a running job continues its epoch,
    // sequences, status and chunk indexes; a finished or unknown one starts a new epoch, after any the store knew.
    private static void ContinueUntracked(JobTracker tracker, JobStreamState? state)
    {
        if (state is null)
        {
            return;
        }

        if (state.Snapshot.IsTerminal)
        {
            tracker.StartAfter(state.Position.Epoch);
        }
        else
        {
            tracker.ContinueFrom(state.Position, state);
        }
    }

    // The epoch this process's copy of the store knows for the job (a finished job's, kept for the retention); a shared
    // store's own is learnt by the read a tracker of an untracked job awaits.
    private string? LocalEpoch(string jobId)
    {
        try
        {
            return _streams.GetLocalState(jobId)?.Position.Epoch;
        }
        catch (Exception ex)
        {
            Log.StreamStoreFailed(_logger, jobId, ex);
            return null;
        }
    }

    private void RecordSnapshot(ProgressEvent progressEvent)
    {
        try
        {
            var pending = _stateStore.SetAsync(progressEvent);
            if (pending.IsCompletedSuccessfully)
            {
                pending.GetAwaiter().GetResult();
            }
            else
            {
                _ = ObserveSnapshotAsync(pending, progressEvent.JobId);
            }
        }
        catch (Exception ex)
        {
            Log.StateStoreFailed(_logger, progressEvent.JobId, ex);
        }
    }

    private async Task ObserveSnapshotAsync(ValueTask pending, string jobId)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.StateStoreFailed(_logger, jobId, ex);
        }
    }

    /// <summary>Finds or creates the tracker of a job published to by id.</summary>
    internal JobTracker Track(string jobId)
    {
        JobId.ThrowIfInvalid(jobId);
        return _jobs.Track(jobId);
    }

    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var started = TimeProvider.GetTimestamp();
        if (!await WaitForStoreReadsAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var left = timeout - TimeProvider.GetElapsedTime(started);
        return await _dispatcher.FlushAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Host shutdown: abandons every open job handle, then drains the lanes within the deadline.</summary>
    internal async Task ShutdownAsync(TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        foreach (var job in Registry.Open.ToArray())
        {
            job.Abandon();
        }

        await _dispatcher.DrainAsync(drainTimeout, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _jobs.Dispose();
        return _dispatcher.DisposeAsync();
    }

    /// <summary>Forgets the least recently used jobs beyond the bound (the publisher schedules it; tests call it).</summary>
    internal void Sweep() => _jobs.Sweep();

    /// <summary>Releases silent jobs' trackers and forgets ended jobs past their retention (the timer calls it; tests may).</summary>
    internal void ExpireNow() => _jobs.ExpireNow();

    internal bool Forget(JobTracker tracker) => _jobs.Forget(tracker);

    /// <summary>Opens a job handle; a job id that is already tracked continues its numbering.</summary>
    private ProgressJob OpenHandle(
        string jobId,
        string? userId,
        string? tenantId,
        IEnumerable<(string Name, double Weight)>? stages,
        string? correlationId,
        IReadOnlyDictionary<string, string>? metadata,
        bool start,
        JobStreamPosition? continueFrom,
        bool restart)
    {
        JobId.ThrowIfInvalid(jobId);
        var plan = StagePlan.Create(stages);
        var tracker = Track(jobId);
        lock (tracker.Gate)
        {
            if (restart)
            {
                tracker.StartOver(LocalEpoch(jobId));
            }
            else if (continueFrom is { } position)
            {
                ContinueHandOff(tracker, position);
            }

            tracker.HasHandle = true;
            tracker.UserId = userId ?? tracker.UserId;
            tracker.TenantId = tenantId ?? tracker.TenantId;
            tracker.CorrelationId = correlationId ?? tracker.CorrelationId;
            tracker.Metadata = metadata ?? tracker.Metadata;
        }

        var job = new ProgressJob(this, tracker, plan);
        Registry.Add(job.Lifetime);
        job.Begin(start);
        return job;
    }

    /// <inheritdoc />
    public void Release(JobLifetime job)
    {
        Registry.Remove(job);
        lock (job.Tracker.Gate)
        {
            job.Tracker.HasHandle = false;
        }
    }

    internal static void ThrowIfNullOrEmpty(string? value, string parameterName) =>
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);

    internal static JsonElement? Detach(JsonElement? results) => results?.Clone();
}
