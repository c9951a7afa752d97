using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using ProgressKit.Events;
using ProgressKit.Events.Control;
using ProgressKit.Serialization;
using ProgressKit.Streams;
using ProgressKit.Transports.SignalR.Access;
using ProgressKit.Transports.SignalR.Diagnostics;

namespace ProgressKit.Transports.SignalR;

/// <summary>
/// The ready-made progress hub, mapped with <see cref="ProgressHubEndpointRouteBuilderExtensions.MapProgressHub"/>:
/// clients subscribe to jobs (and get a snapshot at once), to their own jobs or to a tenant's jobs, ask for a job's
/// status, cancel jobs, and remote workers publish events. Events arrive as the client method
/// <see cref="ClientMethod"/> with one argument: a wire format v1 event object.
/// </summary>
/// <remarks>
/// <para>Every call is checked by <see cref="IProgressAccessPolicy"/>. A refused or malformed call throws a
/// <see cref="HubException"/> whose message starts with a code from <see cref="ControlErrorCodes"/> followed by a colon
/// (for example <c>forbidden: ...</c>) and changes nothing; the connection stays usable. SignalR hands clients the
/// error as <c>"An unexpected error occurred invoking 'Subscribe' on the server. HubException: forbidden: ..."</c>:
/// the code follows <c>HubException: </c>.</para>
/// <para><see cref="Subscribe"/> and <see cref="Resume"/> join the snapshot or replay and the live events without a
/// duplicate or a reordering. Clients may still receive an event more than once in other ways (through both a job
/// and a "my jobs" subscription, or a retried remote publish): apply an event only when its position is after the last
/// one applied for its job.</para>
/// </remarks>
public sealed partial class ProgressHub : Hub
{
    /// <summary>The default route of the hub.</summary>
    public const string DefaultPattern = "/hubs/progress";

    /// <summary>The client method events arrive on; its one argument is a wire format v1 event.</summary>
    public const string ClientMethod = "progress";

    /// <summary>The client method remote publishers receive cancel requests on; its one argument is the job id.</summary>
    public const string CancelRequestMethod = "cancelJob";

    private readonly ProgressHubServices _services;

    internal ProgressHub(ProgressHubServices services) => _services = services;

    private ProgressHubOptions Options => _services.Options;

    private ClaimsPrincipal Caller => Context.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    /// <summary>
    /// Joins the job's group and returns the job's newest event with each chunk stream's text so far, so that a late
    /// joiner sees at once where the job is and the whole streamed answer; only events after that event follow it on
    /// <see cref="ClientMethod"/> (the seam of <see cref="Resume"/>: none at or before it, none missing).
    /// </summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>
    /// The job's newest wire format v1 event with an added <c>streams</c> field (<c>{"output":{"text":...,"next_index":42,"cut":false}}</c>),
    /// or <see langword="null"/> when a custom policy allowed a job that has not published yet. Clients that do not
    /// know <c>streams</c> ignore it. To continue from a known position without a gap, use <see cref="Resume"/>.
    /// </returns>
    /// <exception cref="HubException"><c>invalid_job_id</c>, <c>unauthenticated</c>, <c>forbidden</c> or <c>job_not_found</c>.</exception>
    public async Task<JsonElement?> Subscribe(string jobId)
    {
        await AuthorizeJobAsync(nameof(Subscribe), jobId, ProgressHubOperation.Subscribe).ConfigureAwait(false);

        // The seam of Resume (docs/wire-format.md, "The seam between replay and live"): hold the job's live events for
        // this connection before it joins the group, read the snapshot after joining, then release only the held
        // events after the snapshot's position and keep older ones from the connection until the transport's sends
        // pass it. Without it, events at or before the snapshot (sent between the join and the read, or still in a
        // lane behind the store) followed the reply.
        var resume = _services.Resumes.Open(jobId, Context.ConnectionId);
        RememberResume(resume);
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ProgressHubGroups.ForJob(jobId), Context.ConnectionAborted).ConfigureAwait(false);
            var snapshot = await ReadSnapshotAsync(jobId).ConfigureAwait(false);
            if (snapshot is null)
            {
                // Nothing published yet: every held event is new to the client.
                await _services.Resumes.ReleaseAsync(resume, null, 0, SendToCallerAsync).ConfigureAwait(false);
                return null;
            }

            var state = await ReadStreamStateAsync(jobId).ConfigureAwait(false);
            var answer = IsSameOrNewer(state, snapshot)
                ? state!
                : new JobStreamState(snapshot, new JobStreamPosition(snapshot.Epoch ?? string.Empty, snapshot.Sequence, snapshot.KeptSequence ?? 0), EmptyStreams);
            await _services.Resumes.ReleaseAsync(resume, answer.Position.Epoch, answer.Position.Sequence, SendToCallerAsync).ConfigureAwait(false);
            return ToJson(ProgressEventSerializer.SerializeSnapshotWithStreams(answer));
        }
        finally
        {
            _services.Resumes.CloseIfHolding(resume);
        }
    }

    /// <summary>Leaves the job's group. Leaving a group one is not in does nothing.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>A task that completes when the connection left the group.</returns>
    /// <exception cref="HubException"><c>invalid_job_id</c>.</exception>
    public Task Unsubscribe(string jobId)
    {
        ThrowIfInvalid(nameof(Unsubscribe), jobId);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, ProgressHubGroups.ForJob(jobId), Context.ConnectionAborted);
    }

    /// <summary>Returns the job's newest event without subscribing.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>The job's newest wire format v1 event, or <see langword="null"/> when a custom policy allowed a job that has not published yet.</returns>
    /// <exception cref="HubException"><c>invalid_job_id</c>, <c>unauthenticated</c>, <c>forbidden</c> or <c>job_not_found</c>.</exception>
    public async Task<JsonElement?> RequestStatus(string jobId) =>
        ToJson(await AuthorizeJobAsync(nameof(RequestStatus), jobId, ProgressHubOperation.RequestStatus).ConfigureAwait(false));

    /// <summary>
    /// Asks a job to cancel: its <see cref="IProgressJob.CancellationToken"/> fires and it publishes
    /// <c>job_cancelled</c>. By default this reaches a job running in this process directly, and a running job that a
    /// remote worker publishes through <see cref="Publish"/> with a cancel request (<see cref="CancelRequestMethod"/>),
    /// which the <c>ProgressKit.Transports.SignalR.Client</c> transport hands to the job's handle in the worker. A
    /// scale-out package's <see cref="IProgressCancellationRouter"/> reaches jobs running behind other nodes too.
    /// </summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>A task that completes when the cancellation was requested.</returns>
    /// <exception cref="HubException">
    /// <c>invalid_job_id</c>, <c>unauthenticated</c>, <c>forbidden</c>, <c>job_not_found</c> when the job is unknown,
    /// has ended, or runs nowhere this hub can reach, or <c>internal_error</c> when the request could not be delivered
    /// for now (try again).
    /// </exception>
    public async Task CancelJob(string jobId)
    {
        var snapshot = await AuthorizeJobAsync(nameof(CancelJob), jobId, ProgressHubOperation.Cancel).ConfigureAwait(false);
        if (snapshot is { IsTerminal: true })
        {
            Log.CallRefused(_services.Logger, nameof(CancelJob), jobId, Context.ConnectionId, ControlErrorCodes.JobNotFound);
            throw HubErrors.Create(ControlErrorCodes.JobNotFound, $"Job '{jobId}' has already ended ({snapshot.Type.ToWireName()}).");
        }

        Log.CancelRequested(_services.Logger, Context.ConnectionId, CallerIdentity.UserId(Caller, Options), jobId);
        bool requested;
        try
        {
            requested = await _services.CancellationRouter.RequestCancellationAsync(jobId, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.CancelRoutingFailed(_services.Logger, jobId, exception);
            throw HubErrors.Create(ControlErrorCodes.InternalError, $"The cancel request for job '{jobId}' could not be delivered; try again.");
        }

        if (!requested)
        {
            Log.CallRefused(_services.Logger, nameof(CancelJob), jobId, Context.ConnectionId, ControlErrorCodes.JobNotFound);
            throw HubErrors.Create(ControlErrorCodes.JobNotFound,
                $"Job '{jobId}' is not running in any process this hub can reach (neither here nor in a worker publishing to it), so it cannot be cancelled.");
        }
    }

    private static readonly IReadOnlyDictionary<string, JobStreamText> EmptyStreams = new Dictionary<string, JobStreamText>();

    // The stream store's state when it is at least as new as the snapshot store's (another node's store may be ahead).
    private static bool IsSameOrNewer(JobStreamState? state, ProgressEvent snapshot)
    {
        if (state is null)
        {
            return false;
        }

        var order = string.CompareOrdinal(state.Snapshot.Epoch ?? string.Empty, snapshot.Epoch ?? string.Empty);
        return order > 0 || (order == 0 && state.Snapshot.Sequence >= snapshot.Sequence);
    }

    private async Task<JobStreamState?> ReadStreamStateAsync(string jobId)
    {
        try
        {
            return await _services.Streams.GetStateAsync(jobId, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.StateStoreReadFailed(_services.Logger, jobId, exception);
            throw HubErrors.Create(ControlErrorCodes.InternalError, "The job's state could not be read; try again.");
        }
    }

    private static JsonElement? ToJson(ProgressEvent? snapshot) =>
        snapshot is null ? null : JsonSerializer.SerializeToElement(snapshot, ProgressEventSerializer.EventTypeInfo);
}
