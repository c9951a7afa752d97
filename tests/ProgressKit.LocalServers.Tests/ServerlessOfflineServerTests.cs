using System.Net;
using System.Net.WebSockets;
using System.Text;
using ProgressKit.TestUtilities;

namespace ProgressKit.LocalServers.Tests;

public sealed class ServerlessOfflineServerTests
{
    [Fact]
    public async Task ManagementPost_ReachesConnectedClient_AndAnswers410AfterDisconnect()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var emulator = await ServerlessOfflineLauncher.StartAsync(backend.Url);
        using var timeout = TestTimeouts.CreateTokenSource();
        using var client = new ClientWebSocket();

        await client.ConnectAsync(emulator.WebSocketUrl, timeout.Token);
        var connect = await backend.NextEventAsync("$connect");
        var connectionId = connect.GetProperty("requestContext").GetProperty("connectionId").GetString()!;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var post = await http.PostAsync(
            new Uri(emulator.ManagementEndpoint, "@connections/" + Uri.EscapeDataString(connectionId)),
            new StringContent("hello from the management API"),
            timeout.Token);
        var received = await ReceiveTextAsync(client, timeout.Token);

        post.StatusCode.Should().Be(HttpStatusCode.NoContent, "serverless-offline answers 204 where AWS answers 200");
        received.Should().Be("hello from the management API");
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        var disconnect = await backend.NextEventAsync("$disconnect");
        disconnect.GetProperty("requestContext").GetProperty("connectionId").GetString().Should().Be(connectionId);
        using var afterDisconnect = await http.PostAsync(
            new Uri(emulator.ManagementEndpoint, "@connections/" + Uri.EscapeDataString(connectionId)),
            new StringContent("too late"),
            timeout.Token);
        afterDisconnect.StatusCode.Should().Be(HttpStatusCode.Gone);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray());
    }
}
