using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using ProgressKit.Events;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>
/// A browser-like WebSocket client of the emulator: collects every text frame, tells events from replies, and answers
/// a server Close (otherwise serverless-offline keeps the connection 30 s).
/// </summary>
internal sealed class WebSocketTestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<string> _frames = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private Task _receiving = Task.CompletedTask;

    public string Tag { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Gets the events received so far, in arrival order (frames with a <c>seq</c>).</summary>
    public List<ProgressEvent> Events { get; } = [];

    public static async Task<WebSocketTestClient> ConnectAsync(Uri webSocketUrl, string? user, string? tenant = null)
    {
        var client = new WebSocketTestClient();
        var query = $"?tag={client.Tag}" + (user is null ? string.Empty : $"&user={Uri.EscapeDataString(user)}") +
                    (tenant is null ? string.Empty : $"&tenant={Uri.EscapeDataString(tenant)}");
        using var timeout = TestTimeouts.CreateTokenSource();
        await client._socket.ConnectAsync(new Uri(webSocketUrl, query), timeout.Token);
        client._receiving = client.ReceiveLoopAsync();
        return client;
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    /// <summary>Sends a request and returns the first reply (a frame with a <c>type</c> and no <c>seq</c>) after it.</summary>
    public async Task<JsonElement> RequestAsync(object message)
    {
        await SendAsync(message);
        return await NextReplyAsync();
    }

    public async Task<JsonElement> NextReplyAsync()
    {
        while (true)
        {
            var frame = await NextFrameAsync();
            var root = JsonDocument.Parse(frame).RootElement;
            if (root.TryGetProperty("type", out _) && !root.TryGetProperty("seq", out _))
            {
                return root;
            }
        }
    }

    /// <summary>Reads frames until an event matches; every event read is kept in <see cref="Events"/>.</summary>
    public async Task<ProgressEvent> WaitForEventAsync(Func<ProgressEvent, bool> match)
    {
        foreach (var seen in Events.Where(match))
        {
            return seen;
        }

        while (true)
        {
            var frame = await NextFrameAsync();
            if (!JsonDocument.Parse(frame).RootElement.TryGetProperty("seq", out _))
            {
                continue;
            }

            var evt = ProgressEventSerializer.Deserialize(frame);
            if (match(evt))
            {
                return evt;
            }
        }
    }

    /// <summary>Returns every frame received so far (raw), for assertions on what arrived.</summary>
    public IReadOnlyList<string> Frames
    {
        get
        {
            lock (_seen)
            {
                return _seen.ToArray();
            }
        }
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = TestTimeouts.CreateTokenSource();
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }

        await _receiving.WithTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
        {
            _socket.Abort();
        }

        _socket.Dispose();
    }

    private async Task<string> NextFrameAsync()
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        var frame = await _frames.Reader.ReadAsync(timeout.Token);
        if (JsonDocument.Parse(frame).RootElement.TryGetProperty("seq", out _))
        {
            Events.Add(ProgressEventSerializer.Deserialize(frame));
        }

        return frame;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", CancellationToken.None);
                    }

                    break;
                }

                var text = Encoding.UTF8.GetString(message.ToArray());
                lock (_seen)
                {
                    _seen.Add(text);
                }

                await _frames.Writer.WriteAsync(text);
            }
        }
        catch (WebSocketException)
        {
            // The server dropped the connection; readers time out with a clear message.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
