using Microsoft.Extensions.Hosting;

namespace ProgressKit.Samples.SignalR.ScaleOut;

/// <summary>Runs this program as one process of the scale-out demo, when the launcher started it with a role.</summary>
internal static class ScaleOutRole
{
    public static Task<int>? TryRun(string[] args)
    {
        var roleIndex = Array.IndexOf(args, ScaleOutLauncher.RoleFlag);
        var redisIndex = Array.IndexOf(args, ScaleOutLauncher.RedisFlag);
        if (roleIndex < 0 || redisIndex < 0 || roleIndex + 1 >= args.Length || redisIndex + 1 >= args.Length)
        {
            return null;
        }

        var role = args[roleIndex + 1];
        var redis = args[redisIndex + 1];
        var rest = args.Where((_, i) => i != roleIndex && i != roleIndex + 1 && i != redisIndex && i != redisIndex + 1).ToArray();
        return RunAsync(role == "worker" ? ScaleOutWorker.Create(rest, redis) : ScaleOutWebNode.Create(rest, redis));
    }

    private static async Task<int> RunAsync(IHost host)
    {
        await host.RunAsync();
        return 0;
    }
}
