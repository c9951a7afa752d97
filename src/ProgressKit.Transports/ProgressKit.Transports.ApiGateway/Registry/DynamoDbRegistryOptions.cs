namespace ProgressKit.Transports.ApiGateway.Registry;

/// <summary>Settings of <see cref="DynamoDbConnectionRegistry"/>: the three tables of <c>docs/api-gateway/table-design.md</c>.</summary>
public sealed class DynamoDbRegistryOptions
{
    /// <summary>The default of <see cref="ConnectionsTableName"/>.</summary>
    public const string DefaultConnectionsTableName = "progresskit-connections";

    /// <summary>The default of <see cref="SubscriptionsTableName"/>.</summary>
    public const string DefaultSubscriptionsTableName = "progresskit-subscriptions";

    /// <summary>The default of <see cref="JobsTableName"/>.</summary>
    public const string DefaultJobsTableName = "progresskit-jobs";

    /// <summary>The default of <see cref="ConnectionTimeToLive"/>: 2 hours, the longest an API Gateway WebSocket connection lives.</summary>
    public static readonly TimeSpan DefaultConnectionTimeToLive = TimeSpan.FromHours(2);

    /// <summary>The default of <see cref="JobTimeToLive"/>: 24 hours.</summary>
    public static readonly TimeSpan DefaultJobTimeToLive = TimeSpan.FromHours(24);

    /// <summary>Gets or sets the table of connections (key <c>connection_id</c>).</summary>
    /// <value>The default is <see cref="DefaultConnectionsTableName"/>.</value>
    public string ConnectionsTableName { get; set; } = DefaultConnectionsTableName;

    /// <summary>Gets or sets the table of job subscriptions (key <c>job_id</c> + <c>connection_id</c>).</summary>
    /// <value>The default is <see cref="DefaultSubscriptionsTableName"/>.</value>
    public string SubscriptionsTableName { get; set; } = DefaultSubscriptionsTableName;

    /// <summary>Gets or sets the table of jobs (key <c>job_id</c>): each job's stream, kept by the DynamoDB job stream store, its subscription version and cancel flag.</summary>
    /// <value>The default is <see cref="DefaultJobsTableName"/>.</value>
    public string JobsTableName { get; set; } = DefaultJobsTableName;

    /// <summary>
    /// Gets or sets how long connection and subscription items live after they are written: their <c>expires_at</c>
    /// attribute (the table's TTL attribute). Expired items are ignored on read even before DynamoDB deletes them.
    /// </summary>
    /// <value>The default is <see cref="DefaultConnectionTimeToLive"/> (2 hours). Allowed: 1 minute to 7 days.</value>
    public TimeSpan ConnectionTimeToLive { get; set; } = DefaultConnectionTimeToLive;

    /// <summary>Gets or sets how long a job's item (its stream and cancel flag) lives after the job's newest event.</summary>
    /// <value>The default is <see cref="DefaultJobTimeToLive"/> (24 hours). Allowed: 1 minute to 365 days.</value>
    public TimeSpan JobTimeToLive { get; set; } = DefaultJobTimeToLive;

    /// <summary>Gets or sets a DynamoDB endpoint to use instead of the region's (for example a local emulator, <c>http://127.0.0.1:8000</c>).</summary>
    /// <value>The default is <see langword="null"/>: the regional DynamoDB endpoint.</value>
    public Uri? ServiceUrl { get; set; }
}
