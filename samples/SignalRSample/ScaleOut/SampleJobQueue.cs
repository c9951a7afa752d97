using System.Globalization;
using ProgressKit.Samples.Shared.Pipeline;
using StackExchange.Redis;

namespace ProgressKit.Samples.SignalR.ScaleOut;

/// <summary>
/// How a web node hands a started job to the worker in the scale-out demo: a request on a Redis list, and the job id
/// the worker gave it back on a short-lived key. Sample plumbing only (a real app would use its own queue).
/// </summary>
internal static class SampleJobQueue
{
    public const string RequestList = "signalr-sample:job-requests";

    public static readonly TimeSpan ReplyTimeToLive = TimeSpan.FromMinutes(1);

    public static RedisKey ReplyKey(string requestId) => "signalr-sample:job-replies:" + requestId;

    /// <summary>A request as one line: <c>{requestId}|{fail 0/1}|{duration seconds}|{user id or empty}</c>.</summary>
    public static string Format(string requestId, SimulatedJobSettings settings, string? userId) =>
        string.Join('|', requestId, settings.Fail ? "1" : "0", settings.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture), userId ?? string.Empty);

    public static (string RequestId, SimulatedJobSettings Settings, string? UserId) Parse(string line)
    {
        var parts = line.Split('|', 4);
        var settings = new SimulatedJobSettings
        {
            Fail = parts[1] == "1",
            Duration = TimeSpan.FromSeconds(double.Parse(parts[2], CultureInfo.InvariantCulture)),
        };
        return (parts[0], settings, parts[3].Length == 0 ? null : parts[3]);
    }
}
