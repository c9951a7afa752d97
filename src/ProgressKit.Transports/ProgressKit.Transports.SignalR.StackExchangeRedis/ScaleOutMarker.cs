namespace ProgressKit.Transports.SignalR.StackExchangeRedis;

/// <summary>Registered once by <see cref="SignalRRedisScaleOutBuilderExtensions.AddSignalRRedisScaleOut"/>, so that a second call adds nothing twice.</summary>
internal sealed class ScaleOutMarker;
