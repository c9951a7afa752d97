using System.Globalization;

namespace ProgressKit.LocalServers;

/// <summary>Builds URLs on 127.0.0.1 (never "localhost", which may resolve to ::1 first while servers bind IPv4).</summary>
internal static class LoopbackUrls
{
    public static Uri Create(string scheme, int port, string path = "") =>
        new(string.Create(CultureInfo.InvariantCulture, $"{scheme}://127.0.0.1:{port}{path}"));

    public static string PortText(int port) => port.ToString(CultureInfo.InvariantCulture);
}
