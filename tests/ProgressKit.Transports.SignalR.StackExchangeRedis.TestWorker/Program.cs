using ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker;

// dotnet ProgressKit.Transports.SignalR.StackExchangeRedis.TestWorker.dll <redis configuration>
// Then one command per line on stdin (see WorkerCommands); answers on stdout.
using var writes = new StreamWriteCounter();
using var host = WorkerHost.Build(args[0]);
await host.StartAsync();
var commands = new WorkerCommands(host.Services, Console.Out, writes);
Console.Out.WriteLine("ready");
Console.Out.Flush();
while (await Console.In.ReadLineAsync() is { } line && line != "exit")
{
    await commands.RunAsync(line);
}

await host.StopAsync();
