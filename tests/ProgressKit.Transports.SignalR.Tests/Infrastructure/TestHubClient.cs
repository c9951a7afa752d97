using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using ProgressKit.Events;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.SignalR.Tests.Infrastructure;

/// <summary>A real SignalR .NET client of the progress hub that records every <c>progress</c> message it receives.</summary>
public sealed class TestHubClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<ProgressEvent> _events = [];
    private readonly List<string> _raw = [];
    private readonly List<(Func<ProgressEvent, bool> Predicate, TaskCompletionSource<ProgressEvent> Signal)> _waiters = [];

    private TestHubClient(HubConnection connection)
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

    public IReadOnlyList<string> RawMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _raw];
            }
        }
    }

    public static async Task<TestHubClient> ConnectAsync(Uri hubUrl, string? user, string? tenant, string? roles, string? publisherKey)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                Add(o.Headers, TestAuthHandler.UserHeader, user);
                Add(o.Headers, TestAuthHandler.TenantHeader, tenant);
                Add(o.Headers, TestAuthHandler.RolesHeader, roles);
                Add(o.Headers, ProgressHubOptions.PublisherKeyHeaderName, publisherKey);
            })
            .Build();
        var client = new TestHubClient(connection);
        await connection.StartAsync();
        return client;
    }

    public async Task<ProgressEvent?> SubscribeAsync(string jobId) =>
        Parse(await Connection.InvokeAsync<JsonElement?>(nameof(ProgressHub.Subscribe), jobId));

    public Task<JsonElement> ResumeAsync(string jobId, object? afterSeq, object? epoch) =>
        Connection.InvokeAsync<JsonElement>(nameof(ProgressHub.Resume), jobId, afterSeq, epoch);

    public Task<JsonElement> SubscribeRawAsync(string jobId) =>
        Connection.InvokeAsync<JsonElement>(nameof(ProgressHub.Subscribe), jobId);

    public async Task<ProgressEvent?> RequestStatusAsync(string jobId) =>
        Parse(await Connection.InvokeAsync<JsonElement?>(nameof(ProgressHub.RequestStatus), jobId));

    public Task CancelJobAsync(string jobId) => Connection.InvokeAsync(nameof(ProgressHub.CancelJob), jobId);

    public Task SubscribeToMyJobsAsync() => Connection.InvokeAsync(nameof(ProgressHub.SubscribeToMyJobs));

    public Task<ProgressEvent> WaitForAsync(Func<ProgressEvent, bool> predicate)
    {
        var signal = new TaskCompletionSource<ProgressEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var found = _events.FirstOrDefault(predicate);
            if (found is not null)
            {
                return Task.FromResult(found);
            }

            _waiters.Add((predicate, signal));
        }

        return signal.Task.WaitAsync(Timeout);
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

    private static void Add(IDictionary<string, string> headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }

    private void OnProgress(JsonElement payload)
    {
        var raw = payload.GetRawText();
        var progressEvent = ProgressEventSerializer.Deserialize(raw);
        lock (_gate)
        {
            _raw.Add(raw);
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
