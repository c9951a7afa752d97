namespace ProgressKit.Transports.SignalR;

/// <summary>
/// Settings of the SignalR transport and of <see cref="ProgressHub"/>; configured with
/// <see cref="SignalRTransportBuilderExtensions.AddSignalRTransport"/> and validated on start.
/// </summary>
/// <remarks>Setters never throw; invalid values fail validation at start-up with a message naming the setting.</remarks>
public sealed class SignalRTransportOptions
{
    /// <summary>The default of <see cref="MaxConcurrentSends"/>.</summary>
    public const int DefaultMaxConcurrentSends = 64;

    /// <summary>The largest value allowed for <see cref="MaxConcurrentSends"/>.</summary>
    public const int MaxConcurrentSendsLimit = 4096;

    /// <summary>
    /// Gets or sets how many group sends may be in flight at once, over local events and events forwarded from remote
    /// publishers together. Unbounded parallel sends to many connections make SignalR abort slow client connections;
    /// a bound keeps a burst of events from doing that.
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxConcurrentSends"/> (64). Allowed: 1 to <see cref="MaxConcurrentSendsLimit"/> (4,096).</value>
    public int MaxConcurrentSends { get; set; } = DefaultMaxConcurrentSends;

    /// <summary>Gets the settings of <see cref="ProgressHub"/>: access, claims and remote publishing.</summary>
    public ProgressHubOptions Hub { get; } = new();
}
