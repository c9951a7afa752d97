using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Jobs;
using ProgressKit.Transports.SignalR.Client.Diagnostics;
using ProgressKit.Transports.SignalR.Serialization;

namespace ProgressKit.Transports.SignalR.Client.Connection;

/// <summary>
/// Owns the worker's one connection to the hub: starts it on first use, lets SignalR's automatic reconnect handle
/// drops (with <see cref="BackoffRetryPolicy"/>), starts it again if it closes for good or the first start fails,
/// and tells senders when it is connected.
/// </summary>
internal sealed class PublisherConnection : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly BackoffRetryPolicy _backoff;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _hubUrlForLogs;
    private TaskCompletionSource _connected = NewSignal();
    private Task _starting = Task.CompletedTask;

    public PublisherConnection(
        IOptions<SignalRClientTransportOptions> options,
        IOptions<ProgressKitOptions> progressKitOptions,
        IJobCancellation cancellation,
        ILoggerFactory loggerFactory)
    {
        var value = options.Value;
        var hubUrl = value.HubUrl!;
        _hubUrlForLogs = hubUrl.GetLeftPart(UriPartial.Path);
        _timeProvider = progressKitOptions.Value.TimeProvider;
        _logger = loggerFactory.CreateLogger("ProgressKit.Transports.SignalRClient");
        _backoff = new BackoffRetryPolicy(value.ReconnectBaseDelay, value.ReconnectMaxDelay);

        var builder = new HubConnectionBuilder()
            .WithUrl(hubUrl, http =>
            {
                http.Headers[SignalRClientTransportOptions.PublisherKeyHeaderName] = value.PublisherKey!;
                value.ConfigureConnection?.Invoke(http);
            })
            .WithAutomaticReconnect(_backoff)
            .AddJsonProtocol(json => PayloadResolverChain.AddFirst(json.PayloadSerializerOptions, ClientJsonContext.Default));
        builder.Services.AddSingleton(loggerFactory);
        Hub = builder.Build();
        Hub.Reconnecting += OnReconnectingAsync;
        Hub.Reconnected += OnReconnectedAsync;
        Hub.Closed += OnClosedAsync;

        // The hub forwards a client's cancel request (after its access check) for jobs this worker publishes.
        Hub.On<string>(SignalRClientTransportOptions.CancelRequestMethod, jobId =>
        {
            if (JobId.IsValid(jobId))
            {
                Log.CancelRequested(_logger, jobId, cancellation.TryRequestCancellation(jobId));
            }
        });
    }

    public HubConnection Hub { get; }

    public bool IsConnected => Hub.State == HubConnectionState.Connected;

    /// <summary>Starts the connection if nobody has, and completes when it is connected or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            EnsureStarting();
            signal = _connected.Task;
        }

        return signal.IsCompleted ? Task.CompletedTask : signal.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await Hub.DisposeAsync().ConfigureAwait(false);
        _disposing.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Called under _gate. Automatic reconnect only covers connections that were up; a failed first start and a
    // connection the server closed without allowing reconnects are started here, with the same backoff.
    private void EnsureStarting()
    {
        if (_starting.IsCompleted && Hub.State == HubConnectionState.Disconnected && !_disposing.IsCancellationRequested)
        {
            _starting = StartLoopAsync();
        }
    }

    private async Task StartLoopAsync()
    {
        await Task.Yield();
        for (var attempt = 1; !_disposing.IsCancellationRequested; attempt++)
        {
            try
            {
                await Hub.StartAsync(_disposing.Token).ConfigureAwait(false);
                Log.Connected(_logger, _hubUrlForLogs);
                SetConnected();
                return;
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                var delay = _backoff.Delay(attempt - 1);
                Log.StartFailed(_logger, _hubUrlForLogs, attempt, exception.Message, delay);
                try
                {
                    await Task.Delay(delay, _timeProvider, _disposing.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void SetConnected()
    {
        lock (_gate)
        {
            _connected.TrySetResult();
        }
    }

    private void SetDisconnected()
    {
        lock (_gate)
        {
            if (_connected.Task.IsCompleted)
            {
                _connected = NewSignal();
            }
        }
    }

    private Task OnReconnectingAsync(Exception? exception)
    {
        SetDisconnected();
        Log.Reconnecting(_logger, _hubUrlForLogs, exception);
        return Task.CompletedTask;
    }

    private Task OnReconnectedAsync(string? connectionId)
    {
        Log.Reconnected(_logger, _hubUrlForLogs);
        SetConnected();
        return Task.CompletedTask;
    }

    private Task OnClosedAsync(Exception? exception)
    {
        SetDisconnected();
        if (_disposing.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        Log.Closed(_logger, _hubUrlForLogs, exception);
        lock (_gate)
        {
            EnsureStarting();
        }

        return Task.CompletedTask;
    }
}
