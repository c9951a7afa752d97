using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

/// <summary>
/// The commands the tests send, one per line:
/// <c>run {jobId} {userId|-} {steps} {stepDelayMs}</c> runs a whole job (stages, agents, chunks, complete);
/// <c>hold {jobId} {userId|-}</c> starts a job that waits until <c>release {jobId}</c> or a cancel request;
/// <c>progress {jobId} {percent}</c> reports progress on a held job; <c>chunk {jobId} {text} {stream}</c> streams a chunk on it;
/// <c>handoff {jobId}</c> hands a held job over (no terminal event) and answers its hand-off cursor first
/// (<c>cursor {jobId} {epoch.seq.kept}</c>, the text a process passes with the work); <c>continue {jobId} {userId|-} {epoch.seq.kept}</c>
/// holds a job continued from another process's cursor; <c>chunkbyid {jobId} {text} {stream}</c> and
/// <c>completebyid {jobId}</c> publish to a job by id, without a handle or a cursor; <c>flush {id}</c> waits for deliveries; <c>writes {id}</c>
/// reports this process's writes to the shared job stream log in Redis.
/// Answers: <c>started|progressed|chunked|handedoff|completed|cancelled {jobId}</c>, <c>flushed {id} {true|false} deadletters={n}</c>,
/// <c>writes {id} stored={n} refused={n} failed={n}</c>, <c>error {message}</c>.
/// </summary>
public sealed class WorkerCommands(IServiceProvider services, TextWriter output, StreamWriteCounter writes)
{
    private readonly IProgressPublisher _publisher = services.GetRequiredService<IProgressPublisher>();
    private readonly ConcurrentDictionary<string, (IProgressJob Job, TaskCompletionSource Release)> _held = new();
    private readonly ConcurrentDictionary<string, bool> _handedOff = new();
    private readonly Lock _outputGate = new();

    public async Task RunAsync(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            switch (parts)
            {
                case ["run", var jobId, var user, var steps, var delay]:
                    _ = RunJobAsync(jobId, User(user), int.Parse(steps, CultureInfo.InvariantCulture), int.Parse(delay, CultureInfo.InvariantCulture));
                    break;
                case ["hold", var jobId, var user]:
                    _ = HoldJobAsync(jobId, User(user));
                    break;
                case ["progress", var jobId, var percent]:
                    _held[jobId].Job.ReportProgress(double.Parse(percent, CultureInfo.InvariantCulture));
                    Write($"progressed {jobId}");
                    break;
                case ["chunk", var jobId, var text, var stream]:
                    _held[jobId].Job.Chunk(text, stream);
                    Write($"chunked {jobId}");
                    break;
                case ["handoff", var jobId]:
                    _handedOff[jobId] = true;
                    var handOff = _held[jobId].Job.HandOff();
                    _held[jobId].Release.TrySetResult();
                    Write($"cursor {jobId} {handOff}");
                    Write($"handedoff {jobId}");
                    break;
                case ["continue", var jobId, var user, var cursor] when ProgressKit.Streams.JobStreamPosition.TryParse(cursor, out var position):
                    _ = HoldJobAsync(jobId, User(user), position);
                    break;
                case ["chunkbyid", var jobId, var text, var stream]:
                    _publisher.PublishChunk(jobId, text, stream);
                    Write($"chunked {jobId}");
                    break;
                case ["completebyid", var jobId]:
                    _publisher.PublishCompleted(jobId, message: "done by id");
                    Write($"completed {jobId}");
                    break;
                case ["release", var jobId]:
                    _held[jobId].Release.TrySetResult();
                    break;
                case ["flush", var id]:
                    var flushed = await _publisher.FlushAsync(TimeSpan.FromSeconds(60));
                    Write($"flushed {id} {flushed.ToString().ToLowerInvariant()} deadletters={WorkerHost.DeadLetters}");
                    break;
                case ["writes", var id]:
                    Write($"writes {id} stored={writes.Count("stored")} refused={writes.Count("refused")} failed={writes.Count("failed")}");
                    break;
                default:
                    Write($"error unknown command '{line}'");
                    break;
            }
        }
        catch (Exception exception) when (exception is FormatException or KeyNotFoundException)
        {
            Write($"error {exception.Message}");
        }
    }

    private static string? User(string user) => user == "-" ? null : user;

    private async Task RunJobAsync(string jobId, string? userId, int steps, int delayMs)
    {
        await using var job = _publisher.StartJob(jobId, userId: userId, stages: [("loading_agents", 1), ("agents", 3), ("synthesizing", 2)]);
        Write($"started {jobId}");
        try
        {
            job.StartStage("loading_agents");
            job.CompleteStage();
            job.StartStage("agents");
            job.ReportAgentStatus("geo_agent", AgentStatus.Invoking);
            for (var i = 1; i <= steps; i++)
            {
                await Task.Delay(delayMs, job.CancellationToken);
                job.ReportStageProgress((double)i / steps, $"step {i}");
            }

            job.ReportAgentStatus("geo_agent", AgentStatus.Complete, confidence: 0.9);
            job.CompleteStage();
            job.StartStage("synthesizing");
            job.Chunk("The answer ");
            job.Chunk("is 42.");
            job.CompleteStage();
            job.Complete(message: "done");
            Write($"completed {jobId}");
        }
        catch (OperationCanceledException)
        {
            Write($"cancelled {jobId}");
        }
    }

    private async Task HoldJobAsync(string jobId, string? userId, ProgressKit.Streams.JobStreamPosition? continueFrom = null)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = _publisher.StartJob(jobId, userId: userId, continueFrom: continueFrom);
        _held[jobId] = (job, release);
        Write($"started {jobId}");
        try
        {
            await release.Task.WaitAsync(job.CancellationToken);
            if (!_handedOff.ContainsKey(jobId))
            {
                job.Complete(message: "released");
                Write($"completed {jobId}");
            }
        }
        catch (OperationCanceledException)
        {
            Write($"cancelled {jobId}");
        }
        finally
        {
            await job.DisposeAsync();
            _held.TryRemove(jobId, out _);
        }
    }

    private void Write(string message)
    {
        lock (_outputGate)
        {
            output.WriteLine(message);
            output.Flush();
        }
    }
}
