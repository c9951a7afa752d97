using Amazon.Runtime;
using ProgressKit.Transports.ApiGateway.Registry;
using ProgressKit.Transports.ApiGateway.Routing;
using ProgressKit.Transports.ApiGateway.Streams;

namespace ProgressKit.Transports.ApiGateway;

/// <summary>
/// Options of the API Gateway WebSocket transport and its route handler (configuration section
/// <c>ProgressKit:ApiGateway</c>); validated on start.
/// </summary>
/// <remarks>Setters never throw; invalid values fail validation with a message naming the setting.</remarks>
public sealed class ApiGatewayTransportOptions
{
    /// <summary>The largest message API Gateway accepts on <c>POST @connections</c>: 128 KB (131,072 bytes).</summary>
    public const int ApiGatewayMaxMessageBytes = 131_072;

    /// <summary>The largest WebSocket frame API Gateway accepts from a client, and its billing unit: 32 KB (32,768 bytes).</summary>
    public const int ApiGatewayMaxFrameBytes = 32_768;

    /// <summary>The default of <see cref="MaxEventBytes"/>: <see cref="ApiGatewayMaxMessageBytes"/>.</summary>
    public const int DefaultMaxEventBytes = ApiGatewayMaxMessageBytes;

    /// <summary>The default of <see cref="MaxConcurrentPosts"/>.</summary>
    public const int DefaultMaxConcurrentPosts = 32;

    /// <summary>The default of <see cref="MaxClientMessageBytes"/>.</summary>
    public const int DefaultMaxClientMessageBytes = 4_096;

    /// <summary>The default of <see cref="PostTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultPostTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="SubscriberCacheDuration"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultSubscriberCacheDuration = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets the management API's base URL: <c>https://{api-id}.execute-api.{region}.amazonaws.com/{stage}</c>,
    /// a custom domain with its base path (<c>https://ws.example.com/progress</c>), or a local emulator's URL with no path.
    /// Requests go to <c>{Endpoint}/@connections/{connectionId}</c>.
    /// </summary>
    /// <value>The default is <see langword="null"/>; required by the transport (not by a host that only runs the route handler).</value>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Gets or sets the AWS region to sign requests for and to find the DynamoDB tables in, for example <c>eu-west-1</c>.
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: read from the endpoint's host (<c>*.execute-api.{region}.amazonaws.com</c>),
    /// else from <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c> or the AWS profile. Required with a custom domain or a local
    /// endpoint when none of those is set.
    /// </value>
    public string? Region { get; set; }

    /// <summary>Gets or sets the credentials to sign with.</summary>
    /// <value>The default is <see langword="null"/>: AWSSDK.Core's default chain (environment, profile, container or instance role).</value>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>
    /// Gets or sets the largest serialized event posted to a connection. Larger events are cut down by the rule of
    /// <see cref="ProgressKit.Serialization.ProgressEventSizeLimiter"/> (<c>results</c> first, every cut named in
    /// <c>truncated</c>), never dropped. Lower it to <see cref="ApiGatewayMaxFrameBytes"/> to keep every message within
    /// one frame and one 32 KB billing unit.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxEventBytes"/> (131,072). Allowed: 1,024 to 131,072.</value>
    public int MaxEventBytes { get; set; } = DefaultMaxEventBytes;

    /// <summary>Gets or sets how many management API calls the transport runs at once, across all events.</summary>
    /// <value>The default is <see cref="DefaultMaxConcurrentPosts"/> (32). Allowed: 1 to 1,024.</value>
    public int MaxConcurrentPosts { get; set; } = DefaultMaxConcurrentPosts;

    /// <summary>
    /// Gets or sets the longest one management API call may take; a slower call counts as a transient failure of that
    /// connection, and the event is retried for the connections that did not get it.
    /// </summary>
    /// <value>The default is <see cref="DefaultPostTimeout"/> (5 seconds). Allowed: 100 ms to 2 minutes.</value>
    public TimeSpan PostTimeout { get; set; } = DefaultPostTimeout;

    /// <summary>
    /// Gets or sets how long the transport reuses a job's (or a user's) subscriber list before asking the registry
    /// again. A new subscription to a job is seen at once (every subscribe changes the job's subscription version,
    /// which the job stream store's write of each event returns), terminal events always ask the registry, and a 410
    /// removes the connection at once; so the duration bounds only how long an unsubscribed connection may still receive
    /// events, and how late a new "my jobs" subscription starts receiving a job already running.
    /// <see cref="TimeSpan.Zero"/> turns the cache off.
    /// </summary>
    /// <value>The default is <see cref="DefaultSubscriberCacheDuration"/> (2 seconds). Allowed: 0 to 1 minute.</value>
    public TimeSpan SubscriberCacheDuration { get; set; } = DefaultSubscriberCacheDuration;

    /// <summary>
    /// Gets or sets a value indicating whether <c>$connect</c> accepts a caller without an identity in the authorizer
    /// context. Anonymous connections may touch only jobs that have no user. For samples and local development only.
    /// </summary>
    /// <value>The default is <see langword="false"/>: a connection without identity is refused with 401.</value>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets the largest client message the route handler reads; a larger one gets a <c>message_too_large</c> error.</summary>
    /// <value>The default is <see cref="DefaultMaxClientMessageBytes"/> (4,096). Allowed: 64 to 131,072.</value>
    public int MaxClientMessageBytes { get; set; } = DefaultMaxClientMessageBytes;

    /// <summary>Gets the names of the authorizer context values that carry the caller's identity.</summary>
    public ApiGatewayIdentityOptions Identity { get; } = new();

    /// <summary>Gets the DynamoDB connection registry's settings (table names, TTL, a local endpoint).</summary>
    public DynamoDbRegistryOptions Registry { get; } = new();

    /// <summary>
    /// Gets the settings of the DynamoDB job stream store, which keeps each job's stream (snapshot, position, log, streams'
    /// text) in its item of <see cref="DynamoDbRegistryOptions.JobsTableName"/> while the registry is DynamoDB.
    /// </summary>
    public DynamoDbJobStreamStoreOptions StreamStore { get; } = new();

    /// <summary>Gets or sets the clock; tests substitute a fake one.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
