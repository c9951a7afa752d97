using ProgressKit.Events;
using static ProgressKit.Samples.Shared.Pipeline.SimulatedPipelineNames;

namespace ProgressKit.Samples.Shared.Pipeline;

/// <summary>
/// A simulated AI-agent pipeline that publishes a realistic job through an <see cref="IProgressJob"/>: loading agents,
/// a geo and a temporal agent calling tools, a streamed answer, saving, and results; or a failure partway.
/// </summary>
/// <remarks>
/// <para>Create the job with <see cref="Stages"/> (for example <c>publisher.AcceptJob(id, user, stages: SimulatedAgentPipeline.Stages)</c>)
/// so that its overall progress follows the stage weights. The pipeline reports progress many times per stage (at
/// least every second) without its own estimate, so the job handle publishes an ETA throughout.</para>
/// <para>All waiting goes through the injected <see cref="TimeProvider"/>, so tests can run a 20-second job on a fake
/// clock. Thread-safe: one instance runs any number of jobs at once.</para>
/// </remarks>
public sealed class SimulatedAgentPipeline
{
    /// <summary>The longest wait between two progress reports, whatever the duration.</summary>
    public static readonly TimeSpan MaxReportInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SimulatedAgentPipeline"/> class.</summary>
    /// <param name="timeProvider">The clock every wait of the pipeline uses.</param>
    public SimulatedAgentPipeline(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the pipeline's stages in order with their weights (their shares of the job's time and progress).</summary>
    public static IReadOnlyList<(string Name, double Weight)> Stages { get; } =
    [
        (LoadingAgentsStage, 1),
        (AgentsStage, 4),
        (SynthesizingStage, 4),
        (SavingStage, 1),
    ];

    /// <summary>Runs the pipeline on <paramref name="job"/> until the job completes, fails or is cancelled.</summary>
    /// <param name="job">The job handle; started here if it was only accepted. The caller keeps owning (and disposes) it.</param>
    /// <param name="settings">The duration and whether the job fails.</param>
    /// <param name="stoppingToken">Stops the pipeline without ending the job (for example at host shutdown); the job
    /// then ends as <c>abandoned</c> when its handle is disposed.</param>
    /// <returns>A task that completes when the job has ended: completed, failed, or cancelled through
    /// <see cref="IProgressJob.CancellationToken"/> (a client's cancel request, which the handle already published).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="stoppingToken"/> was cancelled first.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not positive or exceeds <see cref="SimulatedJobSettings.MaxDuration"/>.</exception>
    public async Task RunAsync(IProgressJob job, SimulatedJobSettings settings, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Duration <= TimeSpan.Zero || settings.Duration > SimulatedJobSettings.MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Duration,
                $"The duration must be more than zero and at most {SimulatedJobSettings.MaxDuration}.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, stoppingToken);
        var run = new PipelineRun(settings, Random.Shared);
        try
        {
            job.Start("Pipeline started");
            foreach (var stage in run.Stages)
            {
                if (!await RunStageAsync(job, stage, StageDuration(stage.Name, settings.Duration), linked.Token).ConfigureAwait(false))
                {
                    return;
                }
            }

            job.Complete(run.Results(), "Answer ready");
        }
        catch (OperationCanceledException) when (job.CancellationToken.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // A client cancelled: the handle has already published job_cancelled; stopping promptly is all that is left.
        }
    }

    private static TimeSpan StageDuration(string stage, TimeSpan total)
    {
        var weight = Stages.Single(s => s.Name == stage).Weight;
        return total * (weight / Stages.Sum(s => s.Weight));
    }

    private static bool HasEnded(IProgressJob job) => job.Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    /// <returns><see langword="false"/> when a cue ended the job.</returns>
    private async Task<bool> RunStageAsync(IProgressJob job, StageScript stage, TimeSpan duration, CancellationToken cancellationToken)
    {
        job.StartStage(stage.Name, stage.StartMessage);
        var ticks = Math.Max(stage.MinTicks, (int)Math.Ceiling(duration / MaxReportInterval));
        var tick = duration / ticks;
        var cues = stage.Cues;
        var next = 0;
        for (var i = 0; i <= ticks; i++)
        {
            if (i > 0)
            {
                await Task.Delay(tick, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var fraction = (double)i / ticks;
            while (next < cues.Count && cues[next].At <= fraction)
            {
                cues[next++].Cue(job);
                if (HasEnded(job))
                {
                    return false;
                }
            }

            if (i > 0 && i < ticks)
            {
                job.ReportStageProgress(fraction, stage.ProgressMessage?.Invoke(fraction));
            }
        }

        job.CompleteStage(stage.CompleteMessage);
        return !HasEnded(job);
    }
}
