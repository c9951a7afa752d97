using ProgressKit.LocalServers;

namespace ProgressKit.Transports.SignalR.StackExchangeRedis.Tests.Infrastructure;

/// <summary>
/// One Redis, two web nodes (each its own Kestrel app) and one worker (a separate OS process), shared by the tests of
/// a class; each test uses job ids of its own. Tests that stop Redis build a cluster of their own.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private RedisServer? _redis;
    private WebNode? _node1;
    private WebNode? _node2;
    private WorkerProcess? _worker;

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Not initialized.");

    public WebNode Node1 => _node1 ?? throw new InvalidOperationException("Not initialized.");

    public WebNode Node2 => _node2 ?? throw new InvalidOperationException("Not initialized.");

    public WorkerProcess Worker => _worker ?? throw new InvalidOperationException("Not initialized.");

    public static string NewJobId(string name) => $"{name}-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync().WithTimeout(TestTimeouts.ServerStart);
        var nodes = Task.WhenAll(WebNode.StartAsync(_redis.ConnectionString), WebNode.StartAsync(_redis.ConnectionString));
        var worker = WorkerProcess.StartAsync(_redis.ConnectionString);
        var started = await nodes;
        (_node1, _node2) = (started[0], started[1]);
        _worker = await worker;
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _worker, _node1, _node2, _redis })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
