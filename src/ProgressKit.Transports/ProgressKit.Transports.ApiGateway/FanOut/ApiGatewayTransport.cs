using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.ApiGateway.Diagnostics;
using ProgressKit.Transports.ApiGateway.Management;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Routing;

namespace ProgressKit.Transports.ApiGateway.FanOut;

/// <summary>
/// Delivers each event to every connection subscribed to its job and every "my jobs" connection of its user, through
/// the management API, with bounded concurrency.
/// </summary>
/// <remarks>
/// <para>Per event: cut it to <see cref="ApiGatewayTransportOptions.MaxEventBytes"/>; wait until the job stream store
/// holds it (the publisher appended it before this send; with DynamoDB the barrier awaits the item's write, which returns
/// the job's subscription version), so that a client subscribing meanwhile gets it either as snapshot or as event; look
/// up the subscribers (cached while the job's subscription version is unchanged); check each against
/// <see cref="IJobAccessPolicy"/>; post to all at once, at most <see cref="ApiGatewayTransportOptions.MaxConcurrentPosts"/>
/// calls in flight across the transport. The transport writes no snapshot of its own.</para>
/// <para>A 410 removes the connection from the registry and the cache and counts as done. If any post failed, the
/// send throws the most serious failure (configuration, then transient, then permanent); the dispatcher's retry then
/// posts only to the connections that did not get the event.</para>
/// </remarks>
internal sealed partial class ApiGatewayTransport : IProgressTransport, IDisposable
{
    private readonly IManagementApiClient _client;
    private readonly IConnectionRegistry _registry;
    private readonly IJobAccessPolicy _accessPolicy;
    private readonly IStreamWriteBarrier _barrier;
    private readonly SubscriberCache _subscribers;
    private readonly DeliveryTracker _deliveries = new();
    private readonly SemaphoreSlim _postSlots;
    private readonly int _maxEventBytes;
    private readonly ILogger _logger;

    /// <summary>A transport of a process whose job stream store is in memory (benchmarks): the barrier only reads the in-memory registry's subscription version.</summary>
    public ApiGatewayTransport(
        IManagementApiClient client,
        IConnectionRegistry registry,
        IJobAccessPolicy accessPolicy,
        IOptions<ApiGatewayTransportOptions> options,
        ILogger<ApiGatewayTransport> logger)
        : this(client, registry, accessPolicy, new RegistryVersionBarrier(registry), options, logger)
    {
    }

    [ActivatorUtilitiesConstructor]
    public ApiGatewayTransport(
        IManagementApiClient client,
        IConnectionRegistry registry,
        IJobAccessPolicy accessPolicy,
        IStreamWriteBarrier barrier,
        IOptions<ApiGatewayTransportOptions> options,
        ILogger<ApiGatewayTransport> logger)
    {
        var value = options.Value;
        _client = client;
        _registry = registry;
        _accessPolicy = accessPolicy;
        _barrier = barrier;
        _subscribers = new SubscriberCache(registry, value.SubscriberCacheDuration, value.TimeProvider);
        _postSlots = new SemaphoreSlim(value.MaxConcurrentPosts, value.MaxConcurrentPosts);
        _maxEventBytes = value.MaxEventBytes;
        _logger = logger;
    }

    public string Name => ApiGatewayNames.TransportName;

    public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progressEvent);
        var payload = Fit(progressEvent, out var fitted);
        var targets = await PrepareAsync(fitted, cancellationToken).ConfigureAwait(false);
        var earlier = _deliveries.Find(fitted.JobId, fitted.Sequence);
        var pending = earlier is null ? targets : targets.FindAll(t => !earlier.WasDelivered(t.ConnectionId));
        var outcomes = await PostAllAsync(fitted, payload, pending, cancellationToken).ConfigureAwait(false);
        var failure = MostSerious(outcomes);
        if (failure is null || failure.Kind == TransportFailureKind.Permanent)
        {
            _deliveries.End(fitted.JobId);
            if (failure is not null)
            {
                throw failure;
            }

            return;
        }

        // Only now, on a partial failure, remember who got it (a gone connection counts as served).
        var attempt = earlier ?? new DeliveryTracker.Attempt(fitted.Sequence);
        for (var i = 0; i < pending.Count; i++)
        {
            if (outcomes[i] is null)
            {
                attempt.MarkDelivered(pending[i].ConnectionId);
            }
        }

        _deliveries.Remember(fitted.JobId, attempt);
        throw failure;
    }

    public void Dispose() => _postSlots.Dispose();

    private byte[] Fit(ProgressEvent progressEvent, out ProgressEvent fitted)
    {
        var payload = ProgressEventSizeLimiter.Fit(progressEvent, _maxEventBytes, out fitted);
        if (!ReferenceEquals(fitted, progressEvent) && _logger.IsEnabled(LogLevel.Information))
        {
            Log.EventCut(_logger, progressEvent.Type.ToWireName(), progressEvent.Sequence, progressEvent.JobId,
                ProgressEventSerializer.SerializeToUtf8Bytes(progressEvent).Length, _maxEventBytes, string.Join(", ", fitted.Truncated ?? []));
        }

        return payload;
    }

    /// <summary>Waits until the store holds the event, then finds who gets it (store first: see the remarks).</summary>
    private async ValueTask<List<ApiGatewayConnection>> PrepareAsync(ProgressEvent fitted, CancellationToken cancellationToken)
    {
        try
        {
            var version = await _barrier.WaitAsync(fitted, cancellationToken).ConfigureAwait(false);

            // A terminal event must reach everyone subscribed by now, so it never uses a cached list.
            var fresh = fitted.IsTerminal;
            var byJob = await _subscribers.GetJobSubscribersAsync(fitted.JobId, version, fresh, cancellationToken).ConfigureAwait(false);
            var byUser = fitted.UserId is null
                ? []
                : await _subscribers.GetUserSubscribersAsync(fitted.UserId, fitted.TenantId, fresh, cancellationToken).ConfigureAwait(false);
            return SelectTargets(fitted, byJob, byUser);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw RegistryFailures.Wrap(ex, "look up subscribers");
        }
    }

    private List<ApiGatewayConnection> SelectTargets(ProgressEvent fitted, IReadOnlyList<ApiGatewayConnection> byJob, IReadOnlyList<ApiGatewayConnection> byUser)
    {
        var targets = new List<ApiGatewayConnection>(byJob.Count + byUser.Count);
        HashSet<string>? seen = byUser.Count == 0 ? null : new(StringComparer.Ordinal);
        for (var i = 0; i < byJob.Count + byUser.Count; i++)
        {
            var connection = i < byJob.Count ? byJob[i] : byUser[i - byJob.Count];
            if (seen is not null && !seen.Add(connection.ConnectionId))
            {
                continue;
            }

            if (_accessPolicy.CanAccess(connection, fitted))
            {
                targets.Add(connection);
            }
            else
            {
                Log.DeliveryDenied(_logger, connection.ConnectionId, connection.UserId, fitted.JobId);
            }
        }

        return targets;
    }
}
