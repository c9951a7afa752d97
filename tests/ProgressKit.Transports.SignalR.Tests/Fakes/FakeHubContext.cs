using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace ProgressKit.Transports.SignalR.Tests.Fakes;

/// <summary>
/// An <see cref="IHubContext{THub}"/> whose group sends are recorded and, while <see cref="Gate"/> is closed, wait
/// until it opens; or throw <see cref="Failure"/>. Counts sends in flight to test the transport's bound.
/// </summary>
public sealed class FakeHubContext : IHubContext<ProgressHub>, IHubClients
{
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentQueue<(IReadOnlyList<string> Groups, string Method, object?[] Args)> Sends { get; } = new();

    public TaskCompletionSource Gate { get; set; } = CompletedGate();

    public Exception? Failure { get; set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    IHubClients IHubContext<ProgressHub>.Clients => this;

    IGroupManager IHubContext<ProgressHub>.Groups => throw new NotSupportedException();

    public IClientProxy All => throw new NotSupportedException();

    public IClientProxy Group(string groupName) => new Proxy(this, [groupName]);

    public IClientProxy Groups(IReadOnlyList<string> groupNames) => new Proxy(this, groupNames);

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

    public IClientProxy Client(string connectionId) => throw new NotSupportedException();

    public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

    public IClientProxy User(string userId) => throw new NotSupportedException();

    public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private async Task SendAsync(IReadOnlyList<string> groups, string method, object?[] args)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            Sends.Enqueue((groups, method, args));
            await Gate.Task;
            if (Failure is { } failure)
            {
                throw failure;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private sealed class Proxy(FakeHubContext owner, IReadOnlyList<string> groups) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default) =>
            owner.SendAsync(groups, method, args);
    }
}
