using Microsoft.AspNetCore.Http.Connections.Client;
using ProgressKit.Serialization;

namespace ProgressKit.Transports.SignalR.Client;

/// <summary>
/// Settings of the remote SignalR transport, which publishes a worker's events to a ProgressKit progress hub in
/// another process; configured with <see cref="SignalRClientTransportBuilderExtensions.AddSignalRClientTransport"/>
/// and validated on start.
/// </summary>
/// <remarks>Setters never throw; invalid values fail validation at start-up with a message naming the setting.</remarks>
public sealed class SignalRClientTransportOptions
{
    /// <summary>The HTTP header the publisher key travels in; the hub reads the same header.</summary>
    public const string PublisherKeyHeaderName = "X-ProgressKit-Publisher-Key";

    /// <summary>The hub method events are published through.</summary>
    public const string PublishMethod = "Publish";

    /// <summary>The client method the hub sends a job's cancel request on; the worker cancels the job's handle if it runs here.</summary>
    public const string CancelRequestMethod = "cancelJob";

    /// <summary>The shortest <see cref="PublisherKey"/> accepted (the hub's own minimum).</summary>
    public const int MinimumPublisherKeyLength = 16;

    /// <summary>
    /// The default of <see cref="MaxEventBytes"/>: 31 KiB, which keeps a whole invocation under the hub's default
    /// <c>HubOptions.MaximumReceiveMessageSize</c> of 32 KiB.
    /// </summary>
    public const int DefaultMaxEventBytes = 31 * 1024;

    /// <summary>The largest value allowed for <see cref="MaxEventBytes"/>: 16 MiB.</summary>
    public const int MaxEventBytesLimit = 16 * 1024 * 1024;

    /// <summary>The default of <see cref="ReconnectBaseDelay"/>: 500 milliseconds.</summary>
    public static readonly TimeSpan DefaultReconnectBaseDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The default of <see cref="ReconnectMaxDelay"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultReconnectMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the absolute http(s) URL of the progress hub, for example <c>https://app.example.com/hubs/progress</c>.</summary>
    /// <value>The default is <see langword="null"/>; required.</value>
    public Uri? HubUrl { get; set; }

    /// <summary>
    /// Gets or sets the shared secret the hub expects (its <c>ProgressKit:SignalR:Hub:PublisherKey</c>), sent in the
    /// <see cref="PublisherKeyHeaderName"/> header of the connection. Never logged.
    /// </summary>
    /// <value>The default is <see langword="null"/>; required, at least <see cref="MinimumPublisherKeyLength"/> characters.</value>
    public string? PublisherKey { get; set; }

    /// <summary>
    /// Gets or sets the first delay before reconnecting after the connection dropped (or before retrying a failed
    /// start); later delays double, with jitter, up to <see cref="ReconnectMaxDelay"/>. Reconnection never gives up.
    /// </summary>
    /// <value>The default is 500 milliseconds. Allowed: 10 ms to 1 minute.</value>
    public TimeSpan ReconnectBaseDelay { get; set; } = DefaultReconnectBaseDelay;

    /// <summary>Gets or sets the longest delay between two reconnection attempts.</summary>
    /// <value>The default is 30 seconds. Allowed: at least <see cref="ReconnectBaseDelay"/>, at most 10 minutes.</value>
    public TimeSpan ReconnectMaxDelay { get; set; } = DefaultReconnectMaxDelay;

    /// <summary>
    /// Gets or sets the largest serialized event sent; larger events are cut down by
    /// <see cref="ProgressEventSizeLimiter"/> (their job state kept, the cut fields named in <c>truncated</c>).
    /// Keep it below the hub's <c>HubOptions.MaximumReceiveMessageSize</c>, less about 200 bytes of framing.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxEventBytes"/> (31,744). Allowed: 1,024 to 16 MiB.</value>
    public int MaxEventBytes { get; set; } = DefaultMaxEventBytes;

    /// <summary>
    /// Gets or sets a callback that adjusts the connection's HTTP options: an access token provider, extra headers,
    /// transports, a proxy or a message handler.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Action<HttpConnectionOptions>? ConfigureConnection { get; set; }
}
