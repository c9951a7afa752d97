using System.Net;
using System.Net.Sockets;
using ProgressKit.TestUtilities;

namespace ProgressKit.LocalServers.Tests;

public sealed class ManagedProcessTests
{
    [Fact]
    public async Task StartAsync_ReadyLine_ReturnsRunningProcess()
    {
        await using var process = await ManagedProcess.StartAsync(Node("console.log('warming up'); console.log('READY 1'); setInterval(() => {}, 1000);",
            line => line.StartsWith("READY", StringComparison.Ordinal))).WithTimeout(TestTimeouts.ServerStart);

        process.ReadyLine.Should().Be("READY 1");
        process.HasExited.Should().BeFalse();
        process.RecentOutput.Should().Contain("warming up");
    }

    [Fact]
    public async Task StartAsync_ExitsBeforeReady_ThrowsWithOutputAndExitCode()
    {
        var start = () => ManagedProcess.StartAsync(Node("console.error('boom: config missing'); process.exit(3);", _ => false));

        var failure = await start.Should().ThrowAsync<ManagedProcessException>();

        failure.Which.Message.Should().Contain("exited with code 3").And.Contain("[stderr] boom: config missing");
        failure.Which.IsPortInUse.Should().BeFalse();
    }

    [Fact]
    public async Task StartAsync_NeverReady_ThrowsAfterStartupTimeoutAndStopsProcess()
    {
        var options = Node("setInterval(() => {}, 1000);", _ => false, startupTimeout: TimeSpan.FromMilliseconds(300));

        var failure = await FluentActions.Awaiting(() => ManagedProcess.StartAsync(options)).Should().ThrowAsync<ManagedProcessException>();

        failure.Which.Message.Should().Contain("was not ready within 0.3 s");
        var processId = int.Parse(failure.Which.Message.Split("(pid ")[1].Split(')')[0]);
        Directory.Exists($"/proc/{processId}").Should().BeFalse("a process that failed to start is stopped");
    }

    [Fact]
    public async Task StopAsync_ProcessIgnoresSigterm_KillsItAfterGracePeriod()
    {
        var options = Node("process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);",
            line => line == "up", stopGracePeriod: TimeSpan.FromMilliseconds(200));
        var process = await ManagedProcess.StartAsync(options).WithTimeout(TestTimeouts.ServerStart);

        await process.StopAsync().WithTimeout();

        process.HasExited.Should().BeTrue();
        await process.StopAsync().WithTimeout(); // idempotent
    }

    [Fact]
    public async Task StopAsync_SendsSigtermFirst_ProcessCleansUp()
    {
        var options = Node("process.on('SIGTERM', () => { console.log('cleaning up'); process.exit(0); }); console.log('up'); setInterval(() => {}, 1000);",
            line => line == "up");
        var process = await ManagedProcess.StartAsync(options).WithTimeout(TestTimeouts.ServerStart);

        await process.StopAsync().WithTimeout();

        process.RecentOutput.Should().EndWith("cleaning up");
    }

    [Fact]
    public async Task RetryOnPortInUseAsync_FirstPortTaken_RetriesOnAnotherPort()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ports = new Queue<int>([takenPort, FreePort.Get()]);
        var attempts = 0;

        await using var process = await ManagedProcess.RetryOnPortInUseAsync(async ct =>
        {
            attempts++;
            var port = ports.Dequeue();
            return await ManagedProcess.StartAsync(
                Node($"require('net').createServer().listen({port}, '127.0.0.1', () => console.log('listening'));", line => line == "listening"), ct);
        }).WithTimeout(TestTimeouts.ServerStart);

        attempts.Should().Be(2);
        process.HasExited.Should().BeFalse();
    }

    private static ManagedProcessOptions Node(string script, Func<string, bool> ready, TimeSpan? startupTimeout = null, TimeSpan? stopGracePeriod = null)
    {
        var options = new ManagedProcessOptions
        {
            FileName = "node",
            DisplayName = "node test script",
            ReadyWhenOutputLine = ready,
            StartupTimeout = startupTimeout ?? TestTimeouts.ServerStart,
            StopGracePeriod = stopGracePeriod ?? ManagedProcessOptions.DefaultStopGracePeriod,
        };
        options.Arguments.Add("-e");
        options.Arguments.Add(script);
        return options;
    }
}
