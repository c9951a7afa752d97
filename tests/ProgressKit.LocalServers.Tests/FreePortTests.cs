using System.Net;
using System.Net.Sockets;

namespace ProgressKit.LocalServers.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void Get_Count_ReturnsDistinctBindablePorts()
    {
        var ports = FreePort.Get(3);

        ports.Should().OnlyHaveUniqueItems().And.HaveCount(3);
        using var listener = new TcpListener(IPAddress.Loopback, ports[0]);
        listener.Start();
    }
}
