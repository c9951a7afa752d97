using System.Runtime.InteropServices;
using ProgressKit.LocalServers;

namespace ProgressKit.Samples.SignalR.ScaleOut;

/// <summary>
/// <c>--scale-out</c>: starts a throwaway redis-server, two web nodes and a worker (this same program in other roles,
/// as child processes), prints the URLs and stops everything on Ctrl+C.
/// </summary>
internal static class ScaleOutLauncher
{
    public const string Flag = "--scale-out";
    public const string RoleFlag = "--scale-out-role";
    public const string RedisFlag = "--scale-out-redis";

    public static async Task<int> RunAsync()
    {
        await using var redis = await RedisServer.StartAsync();
        var program = Path.Combine(AppContext.BaseDirectory, typeof(ScaleOutLauncher).Assembly.GetName().Name + ".dll");
        var ports = FreePort.Get(2);
        var children = new List<ManagedProcess>();
        try
        {
            foreach (var port in ports)
            {
                children.Add(await StartAsync(program, $"web-{port}", "web", redis.ConnectionString, "Now listening on", "--urls", $"http://127.0.0.1:{port}"));
            }

            children.Add(await StartAsync(program, "worker", "worker", redis.ConnectionString, "Worker ready"));
            Console.WriteLine();
            Console.WriteLine($"Redis:      {redis.ConnectionString}");
            foreach (var port in ports)
            {
                Console.WriteLine($"Web node:   http://127.0.0.1:{port}");
            }

            Console.WriteLine("Worker:     runs every job and publishes over the Redis backplane. Press Ctrl+C to stop.");
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.TrySetResult();
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            await stop.Task;
            return 0;
        }
        finally
        {
            foreach (var child in children)
            {
                await child.DisposeAsync();
            }
        }
    }

    private static Task<ManagedProcess> StartAsync(string program, string name, string role, string redis, string readyText, params string[] extra)
    {
        var options = new ManagedProcessOptions
        {
            FileName = "dotnet",
            DisplayName = name,
            ReadyWhenOutputLine = line => line.Contains(readyText, StringComparison.Ordinal),
            OnOutputLine = line => Console.WriteLine($"[{name}] {line}"),
        };
        foreach (var argument in (string[])[program, RoleFlag, role, RedisFlag, redis, .. extra])
        {
            options.Arguments.Add(argument);
        }

        return ManagedProcess.StartAsync(options);
    }
}
