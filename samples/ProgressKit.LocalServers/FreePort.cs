using System.Net;
using System.Net.Sockets;

namespace ProgressKit.LocalServers;

/// <summary>Picks free TCP ports on the loopback interface.</summary>
/// <remarks>
/// A port is found by binding port 0 and closing the socket again, so another process can take it before the
/// caller binds it: callers retry once on "address in use" (see <see cref="ManagedProcess.RetryOnPortInUseAsync{T}"/>).
/// </remarks>
public static class FreePort
{
    /// <summary>Returns a TCP port on 127.0.0.1 that was free a moment ago.</summary>
    /// <returns>The port number.</returns>
    public static int Get() => Get(1)[0];

    /// <summary>Returns <paramref name="count"/> different TCP ports on 127.0.0.1 that were free a moment ago.</summary>
    /// <param name="count">How many ports (at least 1).</param>
    /// <returns>The port numbers, all different (the sockets are held open together, so none repeats).</returns>
    public static int[] Get(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var sockets = new List<Socket>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            return [.. sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)];
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }
}
