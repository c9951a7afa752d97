using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Samples.Shared.Pipeline;

namespace ProgressKit.Samples.Shared.Jobs;

/// <summary>
/// Starts <see cref="SimulatedAgentPipeline"/> jobs in the background, keeps track of them, and stops them when the host
/// stops. Registered by <see cref="SampleJobsServiceCollectionExtensions.AddSampleJobs"/>.
/// </summary>
/// <remarks>
/// Each job is accepted (published as <c>job_accepted</c>, so its snapshot exists) before <see cref="TryStart"/> returns,
/// and runs on the thread pool. At host shutdown the runner cancels every pipeline as soon as the host starts stopping;
/// disposing each job handle then publishes <c>job_failed</c> with code <c>abandoned</c>, so no client waits forever.
/// Thread-safe.
/// </remarks>
public sealed class SampleJobRunner : IHostedLifecycleService, IAsyncDisposable, IDisposable
{
    /// <summary>The error code published when the pipeline throws unexpectedly.</summary>
    public const string CrashErrorCode = "pipeline_error";

    private readonly IProgressPublisher _publisher;
    private readonly SimulatedAgentPipeline _pipeline;
    private readonly SampleJobOptions _options;
    private readonly ILogger<SampleJobRunner> _logger;
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _count;

    /// <summary>Initializes a new instance of the <see cref="SampleJobRunner"/> class.</summary>
    /// <param name="publisher">The publisher that creates the job handles.</param>
    /// <param name="pipeline">The pipeline each job runs.</param>
    /// <param name="options">The runner's options.</param>
    /// <param name="logger">The logger.</param>
    public SampleJobRunner(IProgressPublisher publisher, SimulatedAgentPipeline pipeline, IOptions<SampleJobOptions> options, ILogger<SampleJobRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _publisher = publisher;
        _pipeline = pipeline;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Gets how many jobs are running now.</summary>
    public int RunningCount => Volatile.Read(ref _count);

    /// <summary>Gets a value indicating whether the host is stopping; no new job starts then.</summary>
    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Accepts a new job and starts its pipeline in the background.</summary>
    /// <param name="settings">The job's duration and whether it fails.</param>
    /// <param name="userId">The user the job belongs to (routes "my jobs" and decides who may see and cancel it), or
    /// <see langword="null"/> for a job without a user, which transports open to anonymous clients in their anonymous mode.</param>
    /// <param name="jobId">The new job's id, when it started.</param>
    /// <param name="tenantId">The tenant the job belongs to, if any.</param>
    /// <param name="correlationId">The id of the request that started the job, if any.</param>
    /// <returns><see langword="false"/> when the host is stopping or <see cref="SampleJobOptions.MaxRunningJobs"/> jobs run already.</returns>
    public bool TryStart(SimulatedJobSettings settings, string? userId, [NotNullWhen(true)] out string? jobId, string? tenantId = null, string? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        jobId = null;
        if (IsStopping)
        {
            return false;
        }

        if (Interlocked.Increment(ref _count) > _options.MaxRunningJobs)
        {
            Interlocked.Decrement(ref _count);
            SampleJobLog.AtCapacity(_logger, RunningCount, _options.MaxRunningJobs);
            return false;
        }

        var id = _options.JobIdPrefix + Guid.CreateVersion7().ToString("N");
        var job = _publisher.AcceptJob(id, userId, tenantId, SimulatedAgentPipeline.Stages, correlationId);

        // The run waits for the gate so that it is tracked before it can finish and untrack itself.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[id] = RunAsync(job, settings, gate.Task);
        gate.SetResult();
        SampleJobLog.JobStarted(_logger, id, userId ?? "(none)", settings.Duration, settings.Fail);
        jobId = id;
        return true;
    }

    /// <summary>Returns the task of a running job, for tests that wait for a job's end.</summary>
    internal Task? FindRun(string jobId) => _running.GetValueOrDefault(jobId);

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>Cancels every pipeline before any hosted service stops, so ProgressKit still delivers the jobs' last events.</remarks>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout passed; ProgressKit's own shutdown abandons what is still open.
        }
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>Idempotent (the container disposes the instance once per registration). The stopping source is never
    /// disposed: it has no timer, and a late <see cref="TryStart"/> must still see it cancelled.</remarks>
    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    /// <inheritdoc />
    /// <remarks>For containers disposed synchronously: stops the pipelines without waiting for them.</remarks>
    public void Dispose() => _stopping.Cancel();

    private async Task RunAsync(IProgressJob job, SimulatedJobSettings settings, Task gate)
    {
        await gate.ConfigureAwait(false);
        try
        {
            await using (job.ConfigureAwait(false))
            {
                try
                {
                    await _pipeline.RunAsync(job, settings, _stopping.Token).ConfigureAwait(false);
                    SampleJobLog.JobEnded(_logger, job.JobId, job.Status.ToString());
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    SampleJobLog.JobStopped(_logger, job.JobId);
                }
                catch (Exception ex)
                {
                    SampleJobLog.JobCrashed(_logger, job.JobId, ex);
                    job.Fail(CrashErrorCode, "The simulated pipeline crashed.");
                }
            }
        }
        finally
        {
            _running.TryRemove(job.JobId, out _);
            Interlocked.Decrement(ref _count);
        }
    }
}
