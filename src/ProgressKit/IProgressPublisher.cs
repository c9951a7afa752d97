using System.Text.Json;
using ProgressKit.Events;

namespace ProgressKit;

/// <summary>
/// Publishes a job's progress to every configured transport. Register it with
/// <see cref="ProgressKitServiceCollectionExtensions.AddProgressKit"/> and inject it.
/// </summary>
/// <remarks>
/// <para><b>Never fails the job.</b> Every <c>Publish*</c> method returns at once: it numbers the event, records it as
/// the job's snapshot and hands it to the dispatcher's bounded lanes, and never waits for or throws because of a
/// transport. Only programmer errors at the call (a null or malformed job id, a null required argument) throw an
/// <see cref="ArgumentException"/>.</para>
/// <para>Every event carries the job's whole state (status, overall progress, stage), so the newest event alone
/// tells a late client where the job is. Events of one job are numbered from 1 in call order and delivered in that
/// order on every transport. After a terminal event (completed, failed, cancelled) further events of the job are
/// ignored and counted as dropped.</para>
/// <para>For jobs with stages, an ETA and a cancellation token, use a job handle from <see cref="StartJob"/> or
/// <see cref="AcceptJob"/>. All members are thread-safe.</para>
/// </remarks>
public interface IProgressPublisher
{
    /// <summary>Starts tracking a job that waits to run: publishes <c>job_accepted</c> (status pending).</summary>
    /// <param name="jobId">The job id: 1 to 128 letters, digits or <c>-_.:</c>.</param>
    /// <param name="userId">The user the job belongs to; transports route "my jobs" and check access by it.</param>
    /// <param name="tenantId">The tenant the job belongs to.</param>
    /// <param name="stages">The job's stages in order, with relative weights, for example <c>[("ingest", 1), ("agents", 3)]</c>.</param>
    /// <param name="correlationId">An id that ties the job to the request or trace that started it.</param>
    /// <param name="metadata">Free-form strings carried on every event of the job.</param>
    /// <returns>The job handle; call <see cref="IProgressJob.Start"/> when it begins to run, and dispose it when done.</returns>
    /// <exception cref="ArgumentException">The job id or a stage is invalid.</exception>
    IProgressJob AcceptJob(
        string jobId,
        string? userId = null,
        string? tenantId = null,
        IEnumerable<(string Name, double Weight)>? stages = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string>? metadata = null);

    /// <summary>Starts tracking a job that runs now: publishes <c>job_started</c> (status processing).</summary>
    /// <param name="jobId">The job id: 1 to 128 letters, digits or <c>-_.:</c>.</param>
    /// <param name="userId">The user the job belongs to; transports route "my jobs" and check access by it.</param>
    /// <param name="tenantId">The tenant the job belongs to.</param>
    /// <param name="stages">The job's stages in order, with relative weights, for example <c>[("ingest", 1), ("agents", 3)]</c>.</param>
    /// <param name="correlationId">An id that ties the job to the request or trace that started it.</param>
    /// <param name="metadata">Free-form strings carried on every event of the job.</param>
    /// <param name="continueFrom">
    /// The position of the job's newest event when another process published it before (its <see cref="IProgressJob.Position"/>,
    /// passed with the work): this process keeps the job's epoch and numbers its events after it, so clients see one
    /// gapless stream. Without it, a job this process does not track continues from the position its
    /// <see cref="Streams.IJobStreamStore"/> knows: this process's copy at once; a shared store (Redis, DynamoDB) is read
    /// once in the background while the job's events are held in order (the call does not wait; <see cref="FlushAsync"/>
    /// does). A job the store holds as finished, does not know or could not be read for starts a new epoch, after any
    /// epoch the store knew.
    /// </param>
    /// <returns>The job handle; dispose it when the job is done (an unfinished job then publishes <c>job_failed</c> with code <c>abandoned</c>).</returns>
    /// <exception cref="ArgumentException">The job id or a stage is invalid.</exception>
    IProgressJob StartJob(
        string jobId,
        string? userId = null,
        string? tenantId = null,
        IEnumerable<(string Name, double Weight)>? stages = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        Streams.JobStreamPosition? continueFrom = null);

    /// <summary>
    /// Starts a job over, deliberately: publishes <c>job_started</c> (status processing) as the first event, seq 1, of a
    /// new epoch that sorts after the job's current one.
    /// </summary>
    /// <param name="jobId">The job id: 1 to 128 letters, digits or <c>-_.:</c>.</param>
    /// <param name="userId">The user the job belongs to; transports route "my jobs" and check access by it.</param>
    /// <param name="tenantId">The tenant the job belongs to.</param>
    /// <param name="stages">The job's stages in order, with relative weights, for example <c>[("ingest", 1), ("agents", 3)]</c>.</param>
    /// <param name="correlationId">An id that ties the job to the request or trace that started it.</param>
    /// <param name="metadata">Free-form strings carried on every event of the job.</param>
    /// <returns>The new run's job handle; dispose it when the job is done.</returns>
    /// <exception cref="ArgumentException">The job id or a stage is invalid.</exception>
    /// <remarks>
    /// <para>Works whether the job ended (its events are no longer refused as <c>after_terminal</c>), is running or is
    /// unknown here. This process forgets the job's end, its numbering, status, progress, stage and chunk indexes; an
    /// open handle of the previous run publishes nothing more and is not abandoned when disposed.</para>
    /// <para>The new epoch sorts after the epoch this process published and the one its
    /// <see cref="Streams.IJobStreamStore"/> knows (a shared store is read in the background, as for
    /// <see cref="StartJob"/>). The store then replaces what it held of the job: a client resuming with a cursor of the
    /// old epoch is answered <c>new_epoch</c> with the new run's state and text only.</para>
    /// <para>Another process that publishes the old run meanwhile is not stopped; its events are refused by a shared
    /// store as of an older epoch.</para>
    /// </remarks>
    IProgressJob RestartJob(
        string jobId,
        string? userId = null,
        string? tenantId = null,
        IEnumerable<(string Name, double Weight)>? stages = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string>? metadata = null);

    /// <summary>Publishes <c>stage_started</c>: the job entered <paramref name="stage"/>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="stage">The stage's name.</param>
    /// <param name="progress">The job's overall progress in percent (0-100), if known; progress never goes down.</param>
    /// <param name="message">A human-readable message.</param>
    /// <param name="estimatedSecondsRemaining">The estimated seconds until the job ends, if known.</param>
    void PublishStage(string jobId, string stage, double? progress = null, string? message = null, double? estimatedSecondsRemaining = null);

    /// <summary>Publishes <c>progress_update</c>: overall progress moved. Superseded updates may be coalesced.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="progress">The job's overall progress in percent (0-100); progress never goes down.</param>
    /// <param name="message">A human-readable message.</param>
    /// <param name="estimatedSecondsRemaining">The estimated seconds until the job ends, if known.</param>
    void PublishProgress(string jobId, double progress, string? message = null, double? estimatedSecondsRemaining = null);

    /// <summary>Publishes <c>agent_status</c>: an agent of the job changed what it does.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="agent">The agent's name, for example <c>geo_agent</c>.</param>
    /// <param name="status">What the agent does now.</param>
    /// <param name="tool">The tool it calls, for <see cref="AgentStatus.CallingTool"/>.</param>
    /// <param name="confidence">Its confidence in its answer, from 0 to 1.</param>
    /// <param name="message">A human-readable message.</param>
    void PublishAgentStatus(string jobId, string agent, AgentStatus status, string? tool = null, double? confidence = null, string? message = null);

    /// <summary>Publishes <c>chunk</c>: a piece of streamed output, numbered per stream from 0.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="text">The text.</param>
    /// <param name="stream">The stream's name.</param>
    void PublishChunk(string jobId, string text, string stream = "output");

    /// <summary>Publishes <c>job_complete</c> (progress 100); the job's last event.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="results">The job's results, if any.</param>
    /// <param name="message">A human-readable message.</param>
    void PublishCompleted(string jobId, JsonElement? results = null, string? message = null);

    /// <summary>Publishes <c>job_failed</c>; the job's last event.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="errorCode">A stable, machine-readable code.</param>
    /// <param name="errorMessage">A message safe to show the job's user.</param>
    void PublishFailed(string jobId, string errorCode, string errorMessage);

    /// <summary>Publishes <c>job_cancelled</c>; the job's last event.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="message">A human-readable message.</param>
    void PublishCancelled(string jobId, string? message = null);

    /// <summary>
    /// Waits until every event published before the call has been delivered (or finally failed) on every transport,
    /// or <paramref name="timeout"/> passes; for example at the end of a Lambda invocation.
    /// </summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">Cancels the wait (not the deliveries).</param>
    /// <returns><see langword="true"/> when everything was delivered; <see langword="false"/> when the timeout passed first.</returns>
    Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
