using System.Net.Sockets;
using System.Text;
using ProgressKit.TestUtilities;

namespace ProgressKit.LocalServers.Tests;

public sealed class RedisServerTests
{
    [Fact]
    public async Task StartAsync_AnswersPing()
    {
        await using var server = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);

        (await PingAsync(server.Port)).Should().Be("+PONG");
        server.ConnectionString.Should().Be($"127.0.0.1:{server.Port}");
    }

    [Fact]
    public async Task RestartAsync_KeepsPortAndAnswersPingAgain()
    {
        await using var server = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        var firstProcess = server.Process!.Id;

        await server.RestartAsync().WithTimeout(TestTimeouts.ServerStart);

        server.Process!.Id.Should().NotBe(firstProcess);
        (await PingAsync(server.Port)).Should().Be("+PONG");
    }

    [Fact]
    public async Task StopAsync_RefusesConnectionsUntilResumed()
    {
        await using var server = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);

        await server.StopAsync().WithTimeout();

        server.IsRunning.Should().BeFalse();
        await FluentActions.Awaiting(() => PingAsync(server.Port)).Should().ThrowAsync<SocketException>();
        await server.ResumeAsync().WithTimeout(TestTimeouts.ServerStart);
        (await PingAsync(server.Port)).Should().Be("+PONG");
    }

    private static async Task<string> PingAsync(int port)
    {
        using var timeout = TestTimeouts.CreateTokenSource();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return (await reader.ReadLineAsync(timeout.Token))!;
    }
}
