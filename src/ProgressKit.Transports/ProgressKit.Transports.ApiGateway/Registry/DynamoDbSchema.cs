namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>
/// Attribute and index names of the registry tables; documented in <c>docs/api-gateway/table-design.md</c> and used by
/// the CloudFormation snippet there, so changing one is a breaking change.
/// </summary>
internal static class DynamoDbSchema
{
    public const string ConnectionId = "connection_id";
    public const string JobId = "job_id";
    public const string UserId = "user_id";
    public const string TenantId = "tenant_id";
    public const string ConnectedAt = "connected_at";

    /// <summary>The TTL attribute of every table: epoch seconds, as DynamoDB TTL requires.</summary>
    public const string ExpiresAt = "expires_at";

    /// <summary>On a connection: the owner key of "my jobs" (present only after <c>subscribe_my_jobs</c>, so the index is sparse).</summary>
    public const string MyJobsOwner = "my_jobs_owner";

    /// <summary>On a job: the newest event's <c>seq</c>, written by the job stream store.</summary>
    public const string Sequence = "seq";

    /// <summary>On a job: the newest event as clients received it (fitted to the message limit), JSON.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>On a job: the newest event's <c>epoch</c>; absent on items written before the job stream store (read as older than any epoch).</summary>
    public const string Epoch = "epoch";

    /// <summary>On a job: the newest event's <c>kept_seq</c>.</summary>
    public const string KeptSequence = "kept_seq";

    /// <summary>On a job: the events before the snapshot, oldest first, contiguous, each as clients received it (JSON strings); absent when empty.</summary>
    public const string Log = "log";

    /// <summary>On a job: each chunk stream's text so far, a map of stream name to <c>{text, next, cut}</c>; absent when the job streamed nothing.</summary>
    public const string Streams = "streams";

    /// <summary>In a stream's map: its text so far (absent when empty).</summary>
    public const string StreamText = "text";

    /// <summary>In a stream's map: the chunk index expected next.</summary>
    public const string StreamNextIndex = "next";

    /// <summary>In a stream's map: whether only the text's beginning is kept.</summary>
    public const string StreamCut = "cut";

    public const string CancelRequested = "cancel_requested";
    public const string CancelRequestedAt = "cancel_requested_at";

    /// <summary>On a job: a counter that every subscribe increments, so a publisher's cached subscriber list can tell it is stale.</summary>
    public const string SubscriptionVersion = "subs_version";

    /// <summary>Connections table index: connections that subscribed to "my jobs", by owner key.</summary>
    public const string MyJobsOwnerIndex = "my_jobs_owner-index";

    /// <summary>Subscriptions table index: a connection's subscriptions, to remove them with the connection.</summary>
    public const string ConnectionIndex = "connection_id-index";

    /// <summary>BatchWriteItem's limit.</summary>
    public const int MaxBatchWriteItems = 25;
}
