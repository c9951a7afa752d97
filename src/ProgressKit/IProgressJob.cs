using System.Text.Json;
using ProgressKit.Events;
using ProgressKit.Streams;

namespace ProgressKit;

/// <summary>
/// A handle on one running job: publishes its events with weighted stages turned into overall percent, estimates
/// the time remaining, and exposes a token that fires when a client asks to cancel the job.
/// </summary>
/// <remarks>
/// <para>Like <see cref="IProgressPublisher"/>, no member waits for or throws because of a transport. After a terminal
/// event (<see cref="Complete"/>, <see cref="Fail"/>, <see cref="Cancel"/>, or a client's cancel request) further calls
/// are ignored.</para>
/// <para>Dispose the handle when the job's work ends: if no terminal event was published, the handle publishes
/// <c>job_failed</c> with code <c>abandoned</c>, so that no client waits forever. Host shutdown does the same for
/// every open handle. A handle dropped without being disposed (its caller crashed or forgot) ends the same way once
/// the garbage collector finds it unreachable: the publisher never keeps a handle reachable, and never ends a job
/// whose handle is still referenced, however quiet. Thread-safe.</para>
/// </remarks>
public interface IProgressJob : IAsyncDisposable, IDisposable
{
    /// <summary>Gets the job id.</summary>
    string JobId { get; }

    /// <summary>Gets a token that is cancelled when a client (or <see cref="Cancel"/>) cancels the job; pass it to the job's work.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Gets the job's status after its newest event.</summary>
    /// <remarks>
    /// While the job's events wait for a shared job stream store's answer (a job continued from a hand-off cursor, or
    /// new to this process), they are not numbered yet: this is the status before them until the store answers
    /// (<see cref="IProgressPublisher.FlushAsync"/> waits for that).
    /// </remarks>
    JobStatus Status { get; }

    /// <summary>Gets the job's overall progress in percent after its newest event.</summary>
    double Progress { get; }

    /// <summary>
    /// Gets the position of the job's newest event (<c>epoch</c>, <c>seq</c>, <c>kept_seq</c>), or <see langword="null"/>
    /// before its first: the hand-off cursor to pass with the work to a process that continues the job
    /// (<see cref="IProgressPublisher.StartJob"/> with <c>continueFrom</c>, after <see cref="HandOff"/>), as text with <see cref="JobStreamPosition.ToString"/>.
    /// </summary>
    JobStreamPosition? Position { get; }

    /// <summary>
    /// Hands the job to another process that continues it: returns the position of its newest event (the cursor to pass
    /// with the work, for <see cref="IProgressPublisher.StartJob"/> with <c>continueFrom</c>) and ends this handle
    /// without a terminal event: disposing it afterwards publishes nothing, and its other methods are ignored.
    /// </summary>
    /// <returns>The position of the job's newest event, or <see langword="null"/> when it published none.</returns>
    /// <remarks>Idempotent; thread-safe.</remarks>
    JobStreamPosition? HandOff();

    /// <summary>Publishes <c>job_started</c> for a job created by <see cref="IProgressPublisher.AcceptJob"/>; ignored once running.</summary>
    /// <param name="message">A human-readable message.</param>
    void Start(string? message = null);

    /// <summary>Publishes <c>stage_started</c>; overall progress moves to the start of the stage when it was declared.</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="message">A human-readable message.</param>
    void StartStage(string stage, string? message = null);

    /// <summary>Publishes <c>progress_update</c> with the current stage <paramref name="fraction"/> done (0 to 1).</summary>
    /// <param name="fraction">How much of the current stage is done, from 0 to 1.</param>
    /// <param name="message">A human-readable message.</param>
    /// <param name="estimatedSecondsRemaining">The caller's own estimate; when null the handle estimates from observed progress.</param>
    void ReportStageProgress(double fraction, string? message = null, double? estimatedSecondsRemaining = null);

    /// <summary>Publishes <c>stage_complete</c> for the current stage.</summary>
    /// <param name="message">A human-readable message.</param>
    void CompleteStage(string? message = null);

    /// <summary>Publishes <c>progress_update</c> with the job's overall progress in percent (for jobs without declared stages).</summary>
    /// <param name="percent">Overall progress, 0 to 100; progress never goes down.</param>
    /// <param name="message">A human-readable message.</param>
    /// <param name="estimatedSecondsRemaining">The caller's own estimate; when null the handle estimates from observed progress.</param>
    void ReportProgress(double percent, string? message = null, double? estimatedSecondsRemaining = null);

    /// <summary>Publishes <c>agent_status</c>.</summary>
    /// <param name="agent">The agent's name.</param>
    /// <param name="status">What the agent does now.</param>
    /// <param name="tool">The tool it calls, for <see cref="AgentStatus.CallingTool"/>.</param>
    /// <param name="confidence">Its confidence, from 0 to 1.</param>
    /// <param name="message">A human-readable message.</param>
    void ReportAgentStatus(string agent, AgentStatus status, string? tool = null, double? confidence = null, string? message = null);

    /// <summary>Publishes <c>chunk</c>: a piece of streamed output, numbered per stream from 0.</summary>
    /// <param name="text">The text.</param>
    /// <param name="stream">The stream's name.</param>
    void Chunk(string text, string stream = "output");

    /// <summary>Publishes <c>job_complete</c> (progress 100).</summary>
    /// <param name="results">The job's results, if any.</param>
    /// <param name="message">A human-readable message.</param>
    void Complete(JsonElement? results = null, string? message = null);

    /// <summary>Publishes <c>job_failed</c>.</summary>
    /// <param name="errorCode">A stable, machine-readable code.</param>
    /// <param name="errorMessage">A message safe to show the job's user.</param>
    void Fail(string errorCode, string errorMessage);

    /// <summary>Publishes <c>job_cancelled</c> and cancels <see cref="CancellationToken"/>.</summary>
    /// <param name="message">A human-readable message.</param>
    void Cancel(string? message = null);
}
