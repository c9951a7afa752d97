using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ProgressKit.Events;
using ProgressKit.Serialization;
using ProgressKit.Transports.SignalR.Serialization;

namespace ProgressKit.Transports.SignalR.Sending;

/// <summary>
/// Sends one event to its job, user and tenant groups as the client method <see cref="ProgressHub.ClientMethod"/>,
/// with at most <see cref="SignalRTransportOptions.MaxConcurrentSends"/> sends in flight, after every registered
/// <see cref="IProgressSendBarrier"/> let it pass. Shared by the local transport and by <see cref="ProgressHub.Publish"/>,
/// so that the bound and the barriers cover both.
/// </summary>
internal sealed class ProgressGroupSender : IDisposable
{
    private readonly IHubContext<ProgressHub> _hubContext;
    private readonly SemaphoreSlim _slots;
    private readonly IProgressSendBarrier[] _barriers;
    private readonly ResumeGate _resumes;

    public ProgressGroupSender(
        IHubContext<ProgressHub> hubContext,
        IOptions<SignalRTransportOptions> options,
        IEnumerable<IProgressSendBarrier>? barriers = null,
        ResumeGate? resumes = null)
    {
        _hubContext = hubContext;
        _barriers = barriers?.ToArray() ?? [];
        _resumes = resumes ?? new ResumeGate();
        var max = options.Value.MaxConcurrentSends;
        _slots = new SemaphoreSlim(max, max);
    }

    /// <summary>Gets how many sends may start now; for tests.</summary>
    internal int AvailableSlots => _slots.CurrentCount;

    public async ValueTask SendAsync(ProgressEvent progressEvent, CancellationToken cancellationToken)
    {
        // Before the slot: a barrier may wait for a store, and a waiting event must not hold up other jobs' sends.
        foreach (var barrier in _barriers)
        {
            await barrier.WaitAsync(progressEvent, cancellationToken).ConfigureAwait(false);
        }

        // Serialized once here: SignalR writes the bytes verbatim to every connection of every group.
        var payload = new PreSerializedJson(ProgressEventSerializer.SerializeToUtf8Bytes(progressEvent), progressEvent);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Started under the resume gate: connections resuming the job get the event after their replay instead.
            await _resumes.StartSend(progressEvent, resuming => resuming is null
                ? Target(progressEvent).SendAsync(ProgressHub.ClientMethod, payload, cancellationToken)
                : SendExceptAsync(progressEvent, resuming, payload, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    // Rare (only while a connection resumes the job): one send per group, each excepting the resuming connections.
    private Task SendExceptAsync(ProgressEvent progressEvent, IReadOnlyList<string> resuming, PreSerializedJson payload, CancellationToken cancellationToken)
    {
        var sends = new List<Task>(3)
        {
            _hubContext.Clients.GroupExcept(ProgressHubGroups.ForJob(progressEvent.JobId), resuming).SendAsync(ProgressHub.ClientMethod, payload, cancellationToken),
        };
        if (!string.IsNullOrEmpty(progressEvent.UserId))
        {
            sends.Add(_hubContext.Clients.GroupExcept(ProgressHubGroups.ForUser(progressEvent.UserId), resuming).SendAsync(ProgressHub.ClientMethod, payload, cancellationToken));
        }

        if (!string.IsNullOrEmpty(progressEvent.TenantId))
        {
            sends.Add(_hubContext.Clients.GroupExcept(ProgressHubGroups.ForTenant(progressEvent.TenantId), resuming).SendAsync(ProgressHub.ClientMethod, payload, cancellationToken));
        }

        return Task.WhenAll(sends);
    }

    private IClientProxy Target(ProgressEvent progressEvent)
    {
        var hasUser = !string.IsNullOrEmpty(progressEvent.UserId);
        var hasTenant = !string.IsNullOrEmpty(progressEvent.TenantId);
        var jobGroup = ProgressHubGroups.ForJob(progressEvent.JobId);
        if (!hasUser && !hasTenant)
        {
            return _hubContext.Clients.Group(jobGroup);
        }

        var groups = new List<string>(3) { jobGroup };
        if (hasUser)
        {
            groups.Add(ProgressHubGroups.ForUser(progressEvent.UserId!));
        }

        if (hasTenant)
        {
            groups.Add(ProgressHubGroups.ForTenant(progressEvent.TenantId!));
        }

        return _hubContext.Clients.Groups(groups);
    }
}
