using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Streams;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

/// <summary>
/// A SignalR client that resumes one job and applies its events by the client rule of <c>docs/wire-format.md</c>
/// ("Resume by position"): it holds the job's events while the resume is pending, replaces its state on a
/// <c>truncated</c>/<c>new_epoch</c> reply, then applies what it held and the live events in arrival order. It never
/// reorders or parks events: the server promises no duplicate and no out-of-order event at the seam, on one node or
/// across nodes, so <see cref="Received"/> (every receipt, in arrival order) is what tests assert on, and an event
/// whose <c>kept_seq</c> skips one is recorded as a loss.
/// </summary>
public sealed class ResumingClient : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HubConnection _connection;
    private readonly string _jobId;
    private readonly TaskCompletionSource _terminal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guarded by _gate.
    private readonly List<ProgressEvent> _received = [];
    private readonly List<ProgressEvent> _held = [];
    private readonly List<ProgressEvent> _applied = [];
    private readonly List<string> _losses = [];
    private readonly Dictionary<(string? Epoch, long Sequence), int> _receipts = [];
    private readonly List<(Func<ProgressEvent, bool> Predicate, TaskCompletionSource Signal)> _waiters = [];
    private bool _pending = true;
    private JobStreamPosition _current;

    private ResumingClient(HubConnection connection, string jobId)
    {
        _connection = connection;
        _jobId = jobId;
        connection.On<JsonElement>(ProgressHub.ClientMethod, OnProgress);
        connection.Closed += _ =>
        {
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>Gets a task that completes when the connection closes.</summary>
    public Task Closed => _closed.Task.WithTimeout();

    /// <summary>Gets the position the client resumed from, or the reply's position when it replaced its state.</summary>
    public JobStreamPosition Start { get; private set; }

    /// <summary>Gets the reply's outcome.</summary>
    public string? Outcome { get; private set; }

    /// <summary>Gets the <c>resumed</c> reply.</summary>
    public JsonElement Reply { get; private set; }

    /// <summary>Gets the reply's text of the <c>output</c> stream (<c>truncated</c>/<c>new_epoch</c>), or the empty string.</summary>
    public string ReplyText =>
        Reply.ValueKind == JsonValueKind.Object
        && Reply.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Object
        && streams.TryGetProperty("output", out var output)
            ? output.GetProperty("text").GetString()!
            : string.Empty;

    /// <summary>Gets every event of the job the server sent, in arrival order, before and after the reply.</summary>
    public IReadOnlyList<ProgressEvent> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<ProgressEvent> Applied
    {
        get
        {
            lock (_gate)
            {
                return [.. _applied];
            }
        }
    }

    /// <summary>Gets every position the server sent more than once, with how many times (the contract: never a duplicate at the seam).</summary>
    public IReadOnlyList<string> Duplicates
    {
        get
        {
            lock (_gate)
            {
                return [.. _receipts.Where(r => r.Value > 1).Select(r => $"{r.Key.Epoch}.{r.Key.Sequence} x{r.Value}")];
            }
        }
    }

    public IReadOnlyList<string> Losses
    {
        get
        {
            lock (_gate)
            {
                return [.. _losses];
            }
        }
    }

    public JobStreamPosition Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public static async Task<ResumingClient> ConnectAsync(Uri hubUrl, string user, string jobId)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.Headers[TestAuthHandler.UserHeader] = user;
            })
            .Build();
        var client = new ResumingClient(connection, jobId);
        await connection.StartAsync().WithTimeout();
        return client;
    }

    /// <summary>Resumes from <paramref name="cursor"/> (the position of the last event the client has).</summary>
    public async Task ResumeAsync(JobStreamPosition cursor)
    {
        lock (_gate)
        {
            _current = cursor;
            Start = cursor;
        }

        var reply = await _connection.InvokeAsync<JsonElement>(nameof(ProgressHub.Resume), _jobId, cursor.Sequence, cursor.Epoch).WithTimeout();
        lock (_gate)
        {
            Reply = reply;
            Outcome = reply.GetProperty("outcome").GetString();
            if (Outcome != "gapless")
            {
                var snapshot = ProgressEventSerializer.Deserialize(reply.GetProperty("snapshot").GetRawText());
                _current = new JobStreamPosition(reply.GetProperty("epoch").GetString()!, reply.GetProperty("seq").GetInt64(), reply.GetProperty("kept_seq").GetInt64());
                Start = _current;
                Record(snapshot);
            }

            _pending = false;
            foreach (var held in _held)
            {
                Apply(held);
            }

            _held.Clear();
        }
    }

    public Task WaitForTerminalAsync() => _terminal.Task.WithTimeout();

    /// <summary>Waits until the client has applied an event that matches <paramref name="predicate"/>.</summary>
    public Task WaitForAppliedAsync(Func<ProgressEvent, bool> predicate)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_applied.Any(predicate))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((predicate, signal));
        }

        return signal.Task.WithTimeout();
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private void OnProgress(JsonElement payload)
    {
        var progressEvent = ProgressEventSerializer.Deserialize(payload.GetRawText());
        if (progressEvent.JobId != _jobId)
        {
            return;
        }

        lock (_gate)
        {
            _received.Add(progressEvent);
            _receipts[(progressEvent.Epoch, progressEvent.Sequence)] = _receipts.GetValueOrDefault((progressEvent.Epoch, progressEvent.Sequence)) + 1;
            if (_pending)
            {
                _held.Add(progressEvent);
            }
            else
            {
                Apply(progressEvent);
            }
        }
    }

    // Under _gate: the client rule.
    private void Apply(ProgressEvent e)
    {
        var order = string.CompareOrdinal(e.Epoch, _current.Epoch);
        if (order < 0 || (order == 0 && e.Sequence <= _current.Sequence))
        {
            return;
        }

        var expected = _current.KeptSequence + (e.Type == ProgressEventType.ProgressUpdate ? 0 : 1);
        if (order > 0 || e.KeptSequence != expected)
        {
            _losses.Add($"after {_current}: {e.Type} {e.Epoch}.{e.Sequence}.{e.KeptSequence}");
            return;
        }

        _current = new JobStreamPosition(e.Epoch!, e.Sequence, e.KeptSequence!.Value);
        Record(e);
    }

    private void Record(ProgressEvent e)
    {
        _applied.Add(e);
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Predicate(e))
            {
                _waiters[i].Signal.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }

        if (e.IsTerminal)
        {
            _terminal.TrySetResult();
        }
    }
}
