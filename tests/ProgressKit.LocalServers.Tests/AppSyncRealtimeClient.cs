using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProgressKit.LocalServers.Tests;

/// <summary>The AppSync real-time protocol as AWS documents it, just enough to subscribe and read events.</summary>
internal sealed class AppSyncRealtimeClient : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly JsonObject _authorization;

    private AppSyncRealtimeClient(JsonObject authorization) => _authorization = authorization;

    public static async Task<AppSyncRealtimeClient> ConnectAsync(AppSyncSimulatorServer server, CancellationToken cancellationToken)
    {
        var authorization = new JsonObject { ["host"] = server.GraphQlUrl.Authority, ["x-api-key"] = server.ApiKey };
        var client = new AppSyncRealtimeClient(authorization);
        client._socket.Options.AddSubProtocol("graphql-ws");
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes(authorization.ToJsonString()));
        var url = new Uri($"{server.RealtimeUrl}?header={Uri.EscapeDataString(header)}&payload=e30=");
        await client._socket.ConnectAsync(url, cancellationToken);
        await client.SendAsync(new JsonObject { ["type"] = "connection_init" }, cancellationToken);
        await client.ReceiveAsync("connection_ack", cancellationToken);
        return client;
    }

    public async Task SubscribeAsync(string id, string query, JsonObject variables, CancellationToken cancellationToken)
    {
        var data = new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString();
        await SendAsync(
            new JsonObject
            {
                ["id"] = id,
                ["type"] = "start",
                ["payload"] = new JsonObject
                {
                    ["data"] = data,
                    ["extensions"] = new JsonObject { ["authorization"] = _authorization.DeepClone() },
                },
            },
            cancellationToken);
        await ReceiveAsync("start_ack", cancellationToken);
    }

    public Task SendRawAsync(string text, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Returns the next message of <paramref name="type"/>, skipping keep-alives and other types.</summary>
    public async Task<JsonElement> ReceiveAsync(string type, CancellationToken cancellationToken)
    {
        var buffer = new byte[16384];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer, cancellationToken);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var document = JsonDocument.Parse(message.ToArray());
            if (document.RootElement.GetProperty("type").GetString() == type)
            {
                return document.RootElement.Clone();
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private Task SendAsync(JsonObject message, CancellationToken cancellationToken) =>
        SendRawAsync(message.ToJsonString(), cancellationToken);
}
