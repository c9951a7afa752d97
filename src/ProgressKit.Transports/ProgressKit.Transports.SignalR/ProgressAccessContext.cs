using System.Security.Claims;
using ProgressKit.Events;

namespace ProgressKit.Transports.SignalR;

/// <summary>What <see cref="IProgressAccessPolicy.CanAccessJobAsync"/> decides about: who asks for what on which job.</summary>
public sealed class ProgressAccessContext
{
    /// <summary>Initializes a new instance of the <see cref="ProgressAccessContext"/> class.</summary>
    /// <param name="user">The caller; unauthenticated when the caller has no identity.</param>
    /// <param name="jobId">The job id; valid by the job id rule.</param>
    /// <param name="snapshot">The job's newest event, or <see langword="null"/> when the job is unknown.</param>
    /// <param name="operation">What the caller asks to do.</param>
    public ProgressAccessContext(ClaimsPrincipal user, string jobId, ProgressEvent? snapshot, ProgressHubOperation operation)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(jobId);
        User = user;
        JobId = jobId;
        Snapshot = snapshot;
        Operation = operation;
    }

    /// <summary>Gets the caller.</summary>
    public ClaimsPrincipal User { get; }

    /// <summary>Gets the job id.</summary>
    public string JobId { get; }

    /// <summary>Gets the job's newest event (with its <c>user_id</c> and <c>tenant_id</c>), or <see langword="null"/> when the job is unknown.</summary>
    public ProgressEvent? Snapshot { get; }

    /// <summary>Gets what the caller asks to do.</summary>
    public ProgressHubOperation Operation { get; }
}
