using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using ProgressKit.Events;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

/// <summary>A real SignalR .NET client of a node's progress hub that records every <c>progress</c> message it receives.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ProgressEvent> _events = [];
    private readonly List<(Func<ProgressEvent, bool> Predicate, TaskCompletionSource<ProgressEvent> Signal)> _waiters = [];

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>(ProgressHub.ClientMethod, OnProgress);
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<ProgressEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<HubClient> ConnectAsync(Uri hubUrl, string? user)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                if (user is not null)
                {
                    o.Headers[TestAuthHandler.UserHeader] = user;
                }
            })
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync().WithTimeout();
        return client;
    }

    public async Task<ProgressEvent?> SubscribeAsync(string jobId) =>
        Parse(await Connection.InvokeAsync<JsonElement?>(nameof(ProgressHub.Subscribe), jobId).WithTimeout());

    public Task<JsonElement> ResumeAsync(string jobId, long afterSeq, string? epoch) =>
        Connection.InvokeAsync<JsonElement>(nameof(ProgressHub.Resume), jobId, afterSeq, epoch).WithTimeout();

    public async Task<ProgressEvent?> RequestStatusAsync(string jobId) =>
        Parse(await Connection.InvokeAsync<JsonElement?>(nameof(ProgressHub.RequestStatus), jobId).WithTimeout());

    public Task CancelJobAsync(string jobId) => Connection.InvokeAsync(nameof(ProgressHub.CancelJob), jobId).WithTimeout();

    public Task<ProgressEvent> WaitForAsync(Func<ProgressEvent, bool> predicate)
    {
        var signal = new TaskCompletionSource<ProgressEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_events.FirstOrDefault(predicate) is { } found)
            {
                return Task.FromResult(found);
            }

            _waiters.Add((predicate, signal));
        }

        return signal.Task.WithTimeout();
    }

    /// <summary>Waits for the job's terminal event and returns the job's events received so far, in arrival order.</summary>
    public async Task<IReadOnlyList<ProgressEvent>> WaitForTerminalAsync(string jobId)
    {
        await WaitForAsync(e => e.JobId == jobId && e.IsTerminal);
        return Events.Where(e => e.JobId == jobId).ToList();
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private static ProgressEvent? Parse(JsonElement? element) =>
        element is { } value ? ProgressEventSerializer.Deserialize(value.GetRawText()) : null;

    private void OnProgress(JsonElement payload)
    {
        var progressEvent = ProgressEventSerializer.Deserialize(payload.GetRawText());
        lock (_gate)
        {
            _events.Add(progressEvent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Predicate(progressEvent))
                {
                    _waiters[i].Signal.TrySetResult(progressEvent);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
