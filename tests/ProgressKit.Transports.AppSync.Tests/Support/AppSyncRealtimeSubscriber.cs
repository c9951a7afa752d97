using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ProgressKit.TestUtilities;

namespace ProgressKit.Transports.AppSync.Tests.Support;

/// <summary>
/// A subscriber speaking the AppSync real-time protocol as AWS documents it (subprotocol graphql-ws, the auth header
/// base64-encoded in the query, connection_init / connection_ack, start / start_ack, data, stop / complete), over
/// <see cref="ClientWebSocket"/>.
/// </summary>
public sealed class AppSyncRealtimeSubscriber : IAsyncDisposable
{
    public const string EventFields =
        "v job_id epoch seq kept_seq type status progress stage stage_progress message estimated_seconds_remaining timestamp " +
        "user_id tenant_id correlation_id source truncated agent chunk results error metadata";

    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, string> _auth;
    private readonly Channel<JsonObject> _frames = Channel.CreateUnbounded<JsonObject>();
    private readonly Dictionary<string, Channel<JsonObject>> _data = [];
    private readonly Dictionary<string, TaskCompletionSource<JsonObject>> _acks = [];
    private readonly Lock _gate = new();
    private Task? _reader;

    private AppSyncRealtimeSubscriber(string host, string apiKey)
    {
        _auth = new Dictionary<string, string> { ["host"] = host, ["x-api-key"] = apiKey };
    }

    /// <summary>Gets the close status the server ended the connection with, once it did.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public Task Closed { get; private set; } = Task.CompletedTask;

    /// <summary>Opens the connection and waits for connection_ack.</summary>
    public static async Task<AppSyncRealtimeSubscriber> ConnectAsync(Uri realtimeUrl, Uri graphQlUrl, string apiKey)
    {
        var subscriber = new AppSyncRealtimeSubscriber(graphQlUrl.Authority, apiKey);
        await subscriber.OpenAsync(realtimeUrl);
        return subscriber;
    }

    /// <summary>Subscribes to onJobProgress(job_id) selecting every event field; returns the subscription's data stream.</summary>
    public Task<ChannelReader<JsonObject>> SubscribeToJobAsync(string jobId) =>
        SubscribeAsync($"subscription OnJob($job_id: ID!) {{ onJobProgress(job_id: $job_id) {{ {EventFields} }} }}", new JsonObject { ["job_id"] = jobId });

    /// <summary>Subscribes to onUserProgress(user_id).</summary>
    public Task<ChannelReader<JsonObject>> SubscribeToUserAsync(string userId) =>
        SubscribeAsync($"subscription OnUser($user_id: ID!) {{ onUserProgress(user_id: $user_id) {{ {EventFields} }} }}", new JsonObject { ["user_id"] = userId });

    public async Task<ChannelReader<JsonObject>> SubscribeAsync(string query, JsonObject variables)
    {
        var id = Guid.NewGuid().ToString();
        var data = Channel.CreateUnbounded<JsonObject>();
        var ack = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _data[id] = data;
            _acks[id] = ack;
        }

        var start = new JsonObject
        {
            ["id"] = id,
            ["type"] = "start",
            ["payload"] = new JsonObject
            {
                ["data"] = new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString(),
                ["extensions"] = new JsonObject { ["authorization"] = AuthObject() },
            },
        };
        await SendAsync(start);
        var reply = await ack.Task.WithTimeout();
        reply["type"]!.GetValue<string>().Should().Be("start_ack", "the subscription must be accepted: {0}", reply.ToJsonString());
        return data.Reader;
    }

    /// <summary>Reads the next data payload (the subscription field's object) of a subscription.</summary>
    public static async Task<JsonObject> NextAsync(ChannelReader<JsonObject> reader, TimeSpan? timeout = null) =>
        await reader.ReadAsync().AsTask().WithTimeout(timeout);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = TestTimeouts.CreateTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server went away first; nothing to close.
            }
        }

        _socket.Dispose();
        if (_reader is not null)
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private JsonObject AuthObject()
    {
        var auth = new JsonObject();
        foreach (var (key, value) in _auth)
        {
            auth[key] = value;
        }

        return auth;
    }

    private async Task OpenAsync(Uri realtimeUrl)
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes(AuthObject().ToJsonString()));
        var url = new Uri($"{realtimeUrl}?header={Uri.EscapeDataString(header)}&payload=e30=");
        _socket.Options.AddSubProtocol("graphql-ws");
        using var timeout = TestTimeouts.CreateTokenSource();
        await _socket.ConnectAsync(url, timeout.Token);
        _reader = ReadLoopAsync();
        Closed = _reader;
        await SendAsync(new JsonObject { ["type"] = "connection_init" });
        var ack = await _frames.Reader.ReadAsync().AsTask().WithTimeout();
        ack["type"]!.GetValue<string>().Should().Be("connection_ack");
        // AWS names it connectionTimeoutMs, the simulator connectionTimeout: either is the keep-alive deadline.
        var payload = ack["payload"]!.AsObject();
        (payload.ContainsKey("connectionTimeoutMs") || payload.ContainsKey("connectionTimeout")).Should().BeTrue();
    }

    private async Task SendAsync(JsonObject message)
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the close, or the server keeps the connection around.
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                Dispatch(frame);
            }
        }
        catch (WebSocketException)
        {
            // The connection dropped: the tests see it through CloseStatus and missing frames.
        }
        finally
        {
            _frames.Writer.TryComplete();
            lock (_gate)
            {
                foreach (var data in _data.Values)
                {
                    data.Writer.TryComplete();
                }

                foreach (var ack in _acks.Values)
                {
                    ack.TrySetException(new WebSocketException("The connection closed before the subscription was acknowledged."));
                }
            }
        }
    }

    private void Dispatch(JsonObject frame)
    {
        var type = frame["type"]?.GetValue<string>();
        var id = frame["id"]?.GetValue<string>();
        switch (type)
        {
            case "ka":
                return;
            case "start_ack" or "error" when id is not null:
                lock (_gate)
                {
                    if (_acks.Remove(id, out var ack))
                    {
                        ack.TrySetResult(frame);
                    }
                }

                return;
            case "data" when id is not null:
                var payload = frame["payload"]!["data"]!.AsObject().First().Value!.AsObject();
                lock (_gate)
                {
                    _data[id].Writer.TryWrite((JsonObject)payload.DeepClone());
                }

                return;
            default:
                _frames.Writer.TryWrite(frame);
                return;
        }
    }
}
