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
/// <c>truncated</c>/<c>new_epoch</c> reply, applies what it held in position order, then live events. An event after a
/// missing one is held, not applied, until the missing one arrives: across web nodes a live event can reach the client
/// before older replayed ones, and the .NET SignalR client may complete the <c>Resume</c> call before it has run the
/// handlers of the messages sent before the reply. A real gap leaves the terminal event held, never applied.
/// </summary>
public sealed class ResumingClient : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HubConnection _connection;
    private readonly string _jobId;
    private readonly TaskCompletionSource _terminal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guarded by _gate.
    private readonly List<ProgressEvent> _held = [];
    private readonly List<ProgressEvent> _applied = [];
    private readonly List<string> _losses = [];
    private readonly SortedList<long, ProgressEvent> _early = [];
    private readonly Dictionary<(string? Epoch, long Sequence), int> _receipts = [];
    private bool _pending = true;
    private JobStreamPosition _current;

    private ResumingClient(HubConnection connection, string jobId)
    {
        _connection = connection;
        _jobId = jobId;
        connection.On<JsonElement>(ProgressHub.ClientMethod, OnProgress);
    }

    /// <summary>Gets the position the client resumed from, or the reply's position when it replaced its state.</summary>
    public JobStreamPosition Start { get; private set; }

    /// <summary>Gets the reply's outcome.</summary>
    public string? Outcome { get; private set; }

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

    /// <summary>Gets the events held because an event before them is missing.</summary>
    public int HeldEarly
    {
        get
        {
            lock (_gate)
            {
                return _early.Count;
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
            Outcome = reply.GetProperty("outcome").GetString();
            if (Outcome != "gapless")
            {
                var snapshot = ProgressEventSerializer.Deserialize(reply.GetProperty("snapshot").GetRawText());
                _current = new JobStreamPosition(reply.GetProperty("epoch").GetString()!, reply.GetProperty("seq").GetInt64(), reply.GetProperty("kept_seq").GetInt64());
                Start = _current;
                Record(snapshot);
            }

            _pending = false;
            foreach (var held in _held.OrderBy(e => e.Epoch, StringComparer.Ordinal).ThenBy(e => e.Sequence))
            {
                Apply(held);
            }

            _held.Clear();
        }
    }

    public Task WaitForTerminalAsync() => _terminal.Task.WithTimeout();

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
        if (order > 0 || e.KeptSequence < expected)
        {
            _losses.Add($"after {_current}: {e.Type} {e.Epoch}.{e.Sequence}.{e.KeptSequence}");
            return;
        }

        if (e.KeptSequence > expected)
        {
            // Not applied: held until the events before it arrive.
            _early[e.Sequence] = e;
            return;
        }

        _current = new JobStreamPosition(e.Epoch!, e.Sequence, e.KeptSequence!.Value);
        Record(e);
        while (_early.Count > 0)
        {
            var next = _early.Values[0];
            var nextExpected = _current.KeptSequence + (next.Type == ProgressEventType.ProgressUpdate ? 0 : 1);
            if (next.Sequence > _current.Sequence && next.KeptSequence > nextExpected)
            {
                return;
            }

            _early.RemoveAt(0);
            Apply(next);
        }
    }

    private void Record(ProgressEvent e)
    {
        _applied.Add(e);
        if (e.IsTerminal)
        {
            _terminal.TrySetResult();
        }
    }
}
