namespace ProgressKit.Transports.AppSync.Events;

/// <summary>Options of the Events API mode: which channel an event goes to and how requests are batched.</summary>
/// <remarks>
/// <para>The dispatcher sends at most one event per job at a time, so a channel per job (the default) rarely has two
/// events waiting together. Batching pays off when jobs share a channel (for example <c>/progress/users/{user_id}</c>):
/// sends for the same channel that arrive within <see cref="BatchWindow"/> of each other (or together, when it is
/// zero) go in one request of up to <see cref="MaxEventsPerRequest"/> events, and each caller gets its own event's
/// result from the answer's <c>successful</c> and <c>failed</c> lists.</para>
/// </remarks>
public sealed class AppSyncEventsOptions
{
    /// <summary>The default of <see cref="ChannelTemplate"/>.</summary>
    public const string DefaultChannelTemplate = "/progress/jobs/{job_id}";

    /// <summary>The most events AppSync accepts in one publish request, and the default of <see cref="MaxEventsPerRequest"/>.</summary>
    public const int MaxEventsPerRequestLimit = 5;

    /// <summary>The default of <see cref="MaxRequestEventBytes"/>: one maximal event.</summary>
    public const int DefaultMaxRequestEventBytes = AppSyncTransportOptions.DefaultMaxEventBytes;

    /// <summary>The default of <see cref="BatchWindow"/>: no added delay.</summary>
    public static readonly TimeSpan DefaultBatchWindow = TimeSpan.Zero;

    /// <summary>
    /// Gets or sets the channel an event is published to: 2 to 5 segments, the first being the channel namespace,
    /// with placeholders <c>{job_id}</c>, <c>{user_id}</c> and <c>{tenant_id}</c>. Values are made channel-safe by
    /// <see cref="AppSyncEventsChannel.ToSegment"/>; a missing user or tenant becomes <c>none</c>.
    /// </summary>
    /// <value>The default is <see cref="DefaultChannelTemplate"/> (<c>/progress/jobs/{job_id}</c>).</value>
    public string ChannelTemplate { get; set; } = DefaultChannelTemplate;

    /// <summary>Gets or sets the most events sent in one request.</summary>
    /// <value>The default is <see cref="MaxEventsPerRequestLimit"/> (5). Allowed: 1 to 5.</value>
    public int MaxEventsPerRequest { get; set; } = MaxEventsPerRequestLimit;

    /// <summary>
    /// Gets or sets the most event bytes (the events' JSON, before string escaping) one request carries; an event larger
    /// than this is sent alone.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxRequestEventBytes"/> (240,000). Allowed: 1,024 to 1,048,576.</value>
    public int MaxRequestEventBytes { get; set; } = DefaultMaxRequestEventBytes;

    /// <summary>
    /// Gets or sets how long a send for a channel waits for more sends to the same channel before its request goes out.
    /// Zero adds no delay: only sends that arrive together (the dispatcher starts them in bursts) share a request.
    /// </summary>
    /// <value>The default is zero. Allowed: 0 to 1 second.</value>
    public TimeSpan BatchWindow { get; set; } = DefaultBatchWindow;
}
