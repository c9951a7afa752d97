using ProgressKit.Transports.AppSync.Authorization;
using ProgressKit.Transports.AppSync.Events;
using ProgressKit.Transports.AppSync.GraphQL;

namespace ProgressKit.Transports.AppSync;

/// <summary>
/// Options of the AppSync transport (<see cref="AppSyncTransportBuilderExtensions.AddAppSyncTransport"/>); validated on
/// start and on first use, with messages naming the setting as configured under <c>ProgressKit:AppSync:</c>.
/// </summary>
/// <remarks>Setters never throw.</remarks>
public sealed class AppSyncTransportOptions
{
    /// <summary>The configuration section the settings are named after in validation messages.</summary>
    public const string SectionName = "ProgressKit:AppSync";

    /// <summary>
    /// The default of <see cref="MaxEventBytes"/>: AppSync's 240 KB limit per subscription payload and per Events API
    /// event, counted conservatively as 240,000 bytes.
    /// </summary>
    public const int DefaultMaxEventBytes = 240_000;

    /// <summary>The largest allowed <see cref="MaxEventBytes"/>: 240 KiB.</summary>
    public const int MaxAllowedEventBytes = 240 * 1024;

    /// <summary>Gets or sets which kind of AppSync API to publish to.</summary>
    /// <value>The default is <see cref="AppSyncApi.GraphQL"/>.</value>
    public AppSyncApi Api { get; set; } = AppSyncApi.GraphQL;

    /// <summary>
    /// Gets or sets the API's HTTP endpoint, where events are published. GraphQL: the API URL, for example
    /// <c>https://{id}.appsync-api.{region}.amazonaws.com/graphql</c>. Events: the HTTP domain, for example
    /// <c>https://{id}.appsync-api.{region}.amazonaws.com/event</c>. A URL without a path gets <c>/graphql</c> or
    /// <c>/event</c>. Custom domains work (set <see cref="Region"/> for IAM).
    /// </summary>
    /// <value>Required; the default is <see langword="null"/>.</value>
    public Uri? HttpEndpoint { get; set; }

    /// <summary>
    /// Gets or sets the API's real-time (WebSocket) endpoint that browsers subscribe to. AWS serves it on a second host
    /// (<c>wss://{id}.appsync-realtime-api.{region}.amazonaws.com/graphql</c>); custom domains and local simulators
    /// serve it under the HTTP host. The transport only publishes; the setting is here so that an application can hand
    /// clients one consistent configuration (see <see cref="AppSyncEndpoints.GetRealtimeEndpoint"/>).
    /// </summary>
    /// <value>The default is <see langword="null"/>: derived from <see cref="HttpEndpoint"/>.</value>
    public Uri? RealtimeEndpoint { get; set; }

    /// <summary>Gets or sets how requests are authorized.</summary>
    /// <value>The default is <see cref="AppSyncAuthorizationMode.ApiKey"/>.</value>
    public AppSyncAuthorizationMode AuthorizationMode { get; set; } = AppSyncAuthorizationMode.ApiKey;

    /// <summary>Gets or sets the API key, for <see cref="AppSyncAuthorizationMode.ApiKey"/>. Never logged.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the signing region for <see cref="AppSyncAuthorizationMode.Iam"/>, for example <c>eu-west-1</c>.
    /// Needed only when <see cref="HttpEndpoint"/> is a custom domain and AWSSDK.Core has no default region.
    /// </summary>
    /// <value>The default is <see langword="null"/>: read from the endpoint's host, else from AWSSDK.Core's defaults.</value>
    public string? Region { get; set; }

    /// <summary>
    /// Gets or sets the callback that returns the <c>Authorization</c> header value for
    /// <see cref="AppSyncAuthorizationMode.BearerToken"/>: a Cognito or OIDC token (AppSync expects the raw JWT, with no
    /// <c>Bearer</c> prefix) or a Lambda authorizer's token. Called before every request; cache tokens yourself.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<CancellationToken, ValueTask<string>>? BearerTokenProvider { get; set; }

    /// <summary>
    /// Gets or sets the largest event, in bytes, as subscribers receive it. A larger event is cut down by the rule of
    /// <see cref="ProgressKit.Serialization.ProgressEventSizeLimiter"/> (its <c>truncated</c> field names what was
    /// cut), never dropped.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxEventBytes"/> (240,000). Allowed: 1,024 to <see cref="MaxAllowedEventBytes"/>.</value>
    public int MaxEventBytes { get; set; } = DefaultMaxEventBytes;

    /// <summary>Gets the options of <see cref="AppSyncApi.GraphQL"/> mode.</summary>
    public AppSyncGraphQLOptions GraphQL { get; } = new();

    /// <summary>Gets the options of <see cref="AppSyncApi.Events"/> mode.</summary>
    public AppSyncEventsOptions Events { get; } = new();
}
