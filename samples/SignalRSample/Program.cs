using ProgressKit.Samples.SignalR;
using ProgressKit.Samples.SignalR.ScaleOut;

// dotnet run --project samples/SignalRSample            -> http://127.0.0.1:5080
// dotnet run --project samples/SignalRSample -- --urls http://0.0.0.0:8080
// dotnet run --project samples/SignalRSample -- --scale-out   -> Redis, two web nodes and a worker (docs/scale-out.md)
if (args.Contains(ScaleOutLauncher.Flag))
{
    return await ScaleOutLauncher.RunAsync();
}

if (ScaleOutRole.TryRun(args) is { } role)
{
    return await role;
}

SignalRSampleApp.Create(args).Run();
return 0;
