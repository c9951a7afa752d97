using System.Collections.Concurrent;
using ProgressKit.Transports.ApiGateway.Management;

namespace ProgressKit.Transports.ApiGateway.Tests.Infrastructure;

/// <summary>A scriptable management API: records every post; <see cref="Behavior"/> decides each answer.</summary>
internal sealed class FakeManagementClient : IManagementApiClient
{
    private readonly ConcurrentQueue<(string ConnectionId, byte[] Body)> _posts = new();
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Gets or sets what a post to a connection does (attempt number from 1 per connection); null delivers.</summary>
    public Func<string, int, CancellationToken, ValueTask<PostToConnectionResult>>? Behavior { get; set; }

    public IReadOnlyList<(string ConnectionId, byte[] Body)> Posts => _posts.ToArray();

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private readonly ConcurrentDictionary<string, int> _attempts = new();

    public IReadOnlyList<byte[]> BodiesFor(string connectionId) => Posts.Where(p => p.ConnectionId == connectionId).Select(p => p.Body).ToArray();

    public async ValueTask<PostToConnectionResult> PostToConnectionAsync(string connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var attempt = _attempts.AddOrUpdate(connectionId, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            var result = Behavior is null ? PostToConnectionResult.Delivered : await Behavior(connectionId, attempt, cancellationToken);
            if (result == PostToConnectionResult.Delivered)
            {
                _posts.Enqueue((connectionId, message.ToArray()));
            }

            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public ValueTask<ApiGatewayConnectionInfo?> GetConnectionAsync(string connectionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ApiGatewayConnectionInfo?>(null);

    public ValueTask<bool> DeleteConnectionAsync(string connectionId, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
